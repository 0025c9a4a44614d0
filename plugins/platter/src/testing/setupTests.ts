import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

/**
 * `findBy*` waits 1 s by default. The first render of a test app loads Backstage's
 * lazy extensions and, in a jsdom on a loaded 2-core CI machine, can take longer
 * than that (seen: the alpha wiring test while the portal e2e ran beside it).
 * These tests check what renders, not how fast: wait long enough to not flake.
 */
configure({ asyncUtilTimeout: 15_000 });

/**
 * Known noise from the libraries Backstage 1.55 ships (Material UI v4 and
 * material-table on React 18, React Router v7 future flags); nothing a Platter
 * component can fix. Everything else still reaches the console.
 */
const libraryNoise = [
  /findDOMNode is deprecated/,
  /Support for defaultProps will be removed/,
  /React Router Future Flag Warning/,
];

for (const level of ['error', 'warn'] as const) {
  const original = console[level].bind(console);
  jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (libraryNoise.some((re) => re.test(text))) return;
    original(...args);
  });
}
