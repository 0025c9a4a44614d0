import { ciReviewHost, formatDuration } from './promote';

// Where `platter ci promote` opens reviews, from flags and the CI's own variables.
describe('ciReviewHost', () => {
  it.each([
    ['outside CI, no --host: branches only', 'https://github.com/acme/fleet.git', {}, {}, undefined],
    [
      'GitHub Actions',
      'https://github.com/acme/fleet.git',
      {},
      { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/fleet', GITHUB_SERVER_URL: 'https://github.com' },
      { kind: 'github', webUrl: 'https://github.com/acme/fleet' },
    ],
    [
      'GitHub Enterprise from the remote, --host',
      'https://ghe.example.com/infra/fleet.git',
      { host: 'github', apiUrl: 'https://ghe.example.com/api/v3' },
      {},
      { kind: 'github', webUrl: 'https://ghe.example.com/infra/fleet' },
    ],
    [
      'GitLab CI, a nested group',
      'https://gitlab-ci-token:x@gitlab.example.com/acme/infra/fleet.git',
      {},
      {
        GITLAB_CI: 'true',
        CI_PROJECT_PATH: 'acme/infra/fleet',
        CI_SERVER_URL: 'https://gitlab.example.com',
        CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
      },
      { kind: 'gitlab', webUrl: 'https://gitlab.example.com/acme/infra/fleet' },
    ],
    [
      'GitLab from the remote, --repo',
      '/srv/git/fleet.git',
      { host: 'gitlab', repo: 'acme/fleet', apiUrl: 'https://gitlab.example.com/api/v4' },
      {},
      { kind: 'gitlab', webUrl: 'https://gitlab.example.com/acme/fleet' },
    ],
  ])('%s', (_name, remote, flags, env, expected) => {
    const host = ciReviewHost(remote, flags, env);
    if (!expected) expect(host).toBeUndefined();
    else expect({ kind: host?.kind, webUrl: host?.webUrl }).toEqual(expected);
  });

  it.each([
    ['an unknown host', '/srv/git/fleet.git', { host: 'bitbucket' }, /--host bitbucket: use github or gitlab/],
    ['GitHub without a repository', '/srv/git/fleet.git', { host: 'github' }, /pass --repo <owner>\/<name>/],
  ])('%s is a usage error', (_name, remote, flags, message) => {
    expect(() => ciReviewHost(remote, flags, {})).toThrow(message);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [59_000, '0m'],
    [45 * 60_000, '45m'],
    [3_600_000, '1h'],
    [3 * 86_400_000 + 2 * 3_600_000 + 5 * 60_000, '3d 2h 5m'],
    [2 * 86_400_000, '2d'],
  ])('%d ms', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
