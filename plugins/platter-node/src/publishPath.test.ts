import { compareUrlOf, publishModeFor } from './publishPath';

describe('publishModeFor', () => {
  it.each([
    ['configured wins', 'branch', 'direct', true, 'branch'],
    ['a direct plan commits', undefined, 'direct', true, 'direct'],
    ['review with a host opens a review', undefined, 'platform-review', true, 'pull-request'],
    ['review without a host pushes a branch', undefined, 'platform-review', false, 'branch'],
  ] as const)('%s', (_name, configured, review, hasHost, mode) => {
    expect(publishModeFor(configured, review, hasHost)).toBe(mode);
  });
});

describe('compareUrlOf', () => {
  it.each([
    ['github', 'https://github.com/org/fleet/compare/main...platter/enable-addon/x'],
    ['gitlab', 'https://github.com/org/fleet/-/compare/main...platter/enable-addon/x'],
  ] as const)('%s', (kind, url) => {
    expect(compareUrlOf({ kind, webUrl: 'https://github.com/org/fleet' }, 'main', 'platter/enable-addon/x')).toBe(url);
  });
});
