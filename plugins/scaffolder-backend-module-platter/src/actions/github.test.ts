import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { startGithubStandIn, type GithubStandIn } from '../testing/githubStandIn';
import { commitUrlOf, ensurePullRequest, githubRepositoryOf, withGitCredentials } from './github';

// The GitHub REST API cannot be reached from here: pull requests are created
// against the local stand-in (src/testing/githubStandIn.ts).

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: { github: [{ host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3', token: 't' }] },
  }),
);

describe('githubRepositoryOf', () => {
  it.each([
    [
      'github.com (always configured)',
      'https://github.com/example-org/fleet.git',
      {
        owner: 'example-org',
        repo: 'fleet',
        apiBaseUrl: 'https://api.github.com',
        url: 'https://github.com/example-org/fleet',
      },
    ],
    [
      'GitHub Enterprise',
      'https://ghe.example.com/infra/fleet',
      {
        owner: 'infra',
        repo: 'fleet',
        apiBaseUrl: 'https://ghe.example.com/api/v3',
        webBaseUrl: 'https://ghe.example.com',
      },
    ],
    ['a host without integration', 'https://git.example.org/infra/fleet.git', undefined],
    ['a bare path', '/srv/git/fleet.git', undefined],
    ['scp-like ssh', 'git@github.com:example-org/fleet.git', undefined],
    ['no owner/repo', 'https://github.com/fleet.git', undefined],
  ])('%s', (_name, remote, expected) => {
    const r = githubRepositoryOf(remote, integrations);
    if (expected === undefined) expect(r).toBeUndefined();
    else expect(r).toMatchObject(expected);
  });

  it('links a commit on the web host', () => {
    expect(commitUrlOf(githubRepositoryOf('https://github.com/example-org/fleet.git', integrations)!, 'abc123')).toBe(
      'https://github.com/example-org/fleet/commit/abc123',
    );
  });
});

describe('withGitCredentials', () => {
  it.each([
    [
      'adds the token as x-access-token',
      'https://github.com/o/r.git',
      'tok',
      'https://x-access-token:tok@github.com/o/r.git',
    ],
    ['keeps credentials the URL has', 'https://me:pw@github.com/o/r.git', 'tok', 'https://me:pw@github.com/o/r.git'],
    ['no token: unchanged', 'https://github.com/o/r.git', undefined, 'https://github.com/o/r.git'],
  ])('%s', (_name, remote, token, expected) => expect(withGitCredentials(remote, token)).toBe(expected));
});

describe('ensurePullRequest (against the local GitHub stand-in)', () => {
  let gh: GithubStandIn;
  beforeEach(async () => {
    gh = await startGithubStandIn({ token: 'ghs_test', webBaseUrl: 'https://github.example' });
  });
  afterEach(() => gh.close());
  const repo = () => ({
    webBaseUrl: 'https://github.example',
    apiBaseUrl: gh.apiBaseUrl,
    owner: 'example-org',
    repo: 'fleet',
    url: 'https://github.example/example-org/fleet',
  });
  const options = { head: 'platter/enable-addon/x', base: 'main', title: 'Enable x', body: 'body', token: 'ghs_test' };

  it('creates the pull request, then reuses the open one', async () => {
    const first = await ensurePullRequest(repo(), options);
    expect(first).toEqual({ number: 1, url: 'https://github.example/example-org/fleet/pull/1', created: true });
    expect(gh.pulls[0]).toMatchObject({
      title: 'Enable x',
      head: 'platter/enable-addon/x',
      base: 'main',
      body: 'body',
    });
    expect(await ensurePullRequest(repo(), options)).toEqual({ ...first, created: false });
    expect(gh.pulls).toHaveLength(1);
    expect(gh.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
  });

  it('a pull request opened in between (422 on create) is found and reused', async () => {
    let calls = 0;
    const racing: typeof fetch = async (url, init) => {
      // The first lookup sees none; someone opens it before our POST.
      if ((init?.method ?? 'GET') === 'GET' && calls++ === 0) {
        await ensurePullRequest(repo(), options);
        return new Response('[]', { status: 200 });
      }
      return fetch(url, init);
    };
    expect(await ensurePullRequest(repo(), { ...options, fetch: racing })).toMatchObject({ number: 1, created: false });
    expect(gh.pulls).toHaveLength(1);
  });

  it("an API failure is a plain error naming the status (not the user's mistake)", async () => {
    await expect(ensurePullRequest(repo(), { ...options, token: 'wrong' })).rejects.toThrow(
      /answered 401: Bad credentials/,
    );
  });
});
