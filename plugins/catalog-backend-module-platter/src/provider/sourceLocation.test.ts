import { sourceLocationOf } from './sourceLocation';

describe('sourceLocationOf', () => {
  it.each([
    ['GitHub', 'https://github.com/org/fleet.git', 'url:https://github.com/org/fleet/tree/main/envs/prod-eu/'],
    [
      'masked user info',
      'https://***@github.com/org/fleet.git',
      'url:https://github.com/org/fleet/tree/main/envs/prod-eu/',
    ],
    ['scp-like ssh', 'git@github.com:org/fleet.git', 'url:https://github.com/org/fleet/tree/main/envs/prod-eu/'],
    [
      'ssh:// with a port',
      'ssh://git@git.example.com:2222/org/fleet.git',
      'url:https://git.example.com/org/fleet/tree/main/envs/prod-eu/',
    ],
    [
      'GitLab, nested groups',
      'https://gitlab.com/a/b/fleet.git',
      'url:https://gitlab.com/a/b/fleet/-/tree/main/envs/prod-eu/',
    ],
    [
      'Bitbucket Cloud',
      'https://bitbucket.org/org/fleet.git',
      'url:https://bitbucket.org/org/fleet/src/main/envs/prod-eu/',
    ],
    [
      'Gitea on a port',
      'http://gitea.local:3000/org/fleet',
      'url:http://gitea.local:3000/org/fleet/tree/main/envs/prod-eu/',
    ],
    ['a local path', '/srv/git/fleet.git', 'url:file:///srv/git/fleet.git/envs/prod-eu/'],
    ['file://', 'file:///srv/git/fleet.git/', 'url:file:///srv/git/fleet.git/envs/prod-eu/'],
  ])('%s', (_name, url, expected) => {
    expect(sourceLocationOf(url, 'main', 'envs/prod-eu')).toBe(expected);
  });

  it("a local repository with the backend's tree view: the directory there (the demo's View Source)", () => {
    expect(
      sourceLocationOf('/srv/git/fleet.git', 'main', 'envs/prod-eu', 'http://localhost:7007/api/platter/source'),
    ).toBe('url:http://localhost:7007/api/platter/source/envs/prod-eu/');
    // A repository on a host links to the host, whatever the backend serves.
    expect(sourceLocationOf('https://github.com/org/fleet.git', 'main', 'envs/prod-eu', 'http://x/source')).toBe(
      'url:https://github.com/org/fleet/tree/main/envs/prod-eu/',
    );
  });

  it('a branch with a slash keeps its slash', () => {
    expect(sourceLocationOf('https://github.com/org/fleet', 'release/v1', 'stages/prod')).toBe(
      'url:https://github.com/org/fleet/tree/release/v1/stages/prod/',
    );
  });
});
