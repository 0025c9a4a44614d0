import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { gitCredentialsFor } from './gitCredentialsFor';

// The credentials git fetches the GitOps remote with, from app-config's integrations.
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3', token: 'ghp_token' }],
      gitlab: [{ host: 'gitlab.example.com', apiBaseUrl: 'https://gitlab.example.com/api/v4', token: 'glpat-token' }],
    },
  }),
);

describe('gitCredentialsFor', () => {
  it.each([
    [
      'GitHub Enterprise: the token as x-access-token',
      'https://ghe.example.com/infra/fleet.git',
      { username: 'x-access-token', password: 'ghp_token' },
    ],
    [
      'GitLab: the token as oauth2',
      'https://gitlab.example.com/acme/infra/fleet.git',
      { username: 'oauth2', password: 'glpat-token' },
    ],
    ['github.com without a token: anonymous', 'https://github.com/o/fleet.git', undefined],
  ])('%s', async (_name, remote, expected) => {
    const source = gitCredentialsFor(remote, integrations);
    expect(source).toBeDefined();
    expect(await source!()).toEqual(expected);
  });

  it.each([
    ['a host without integration', 'https://git.example.net/infra/fleet.git'],
    ['a bare path', '/srv/git/fleet.git'],
    ['scp-like ssh', 'git@github.com:o/fleet.git'],
  ])('none for %s', (_name, remote) => {
    expect(gitCredentialsFor(remote, integrations)).toBeUndefined();
  });

  it('asks the provider for the repository on every fetch (an App installation token is renewed)', async () => {
    const asked: string[] = [];
    let n = 0;
    const source = gitCredentialsFor('https://ghe.example.com/infra/fleet.git', integrations, {
      githubCredentials: {
        getCredentials: async ({ url }) => (asked.push(url), { type: 'app', token: `ghs_${++n}` }),
      },
    })!;
    expect((await source())?.password).toBe('ghs_1');
    expect((await source())?.password).toBe('ghs_2');
    expect(asked).toEqual(['https://ghe.example.com/infra/fleet', 'https://ghe.example.com/infra/fleet']);
  });
});
