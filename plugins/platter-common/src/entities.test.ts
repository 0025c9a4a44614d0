import { isLocalRepositoryUrl } from './entities';

describe('isLocalRepositoryUrl', () => {
  it.each([
    ['an absolute path', '/srv/git/fleet.git', true],
    ['a relative path', '.platter-demo/fleet.git', true],
    ['file://', 'file:///srv/git/fleet.git', true],
    ['https', 'https://github.com/org/fleet.git', false],
    ['ssh://', 'ssh://git@git.example.com:2222/org/fleet.git', false],
    ['scp-like', 'git@github.com:org/fleet.git', false],
    ['scp-like without a user', 'github.com:org/fleet.git', false],
  ])('%s', (_name, url, local) => {
    expect(isLocalRepositoryUrl(url)).toBe(local);
  });
});
