import '@testing-library/jest-dom';

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
