import { generateKeyPairSync } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { startGithubStandIn } from '@platter/gitops-repo/testing';
import { reviewHostFor } from './reviewHostFor';

// Which review host serves a remote, from app-config's integrations.
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3', token: 't' }],
      gitlab: [
        { host: 'gitlab.example.com', apiBaseUrl: 'https://gitlab.example.com/api/v4', token: 't' },
        {
          host: 'code.example.org',
          baseUrl: 'https://code.example.org/gitlab',
          apiBaseUrl: 'https://code.example.org/gitlab/api/v4',
          token: 't',
        },
      ],
    },
  }),
);

describe('reviewHostFor', () => {
  it.each([
    [
      'github.com (always configured)',
      'https://github.com/example-org/fleet.git',
      'github',
      'https://github.com/example-org/fleet',
    ],
    ['GitHub Enterprise', 'https://ghe.example.com/infra/fleet', 'github', 'https://ghe.example.com/infra/fleet'],
    [
      'self-managed GitLab, a nested group',
      'https://gitlab.example.com/acme/infra/fleet.git',
      'gitlab',
      'https://gitlab.example.com/acme/infra/fleet',
    ],
    [
      'GitLab under a relative URL root',
      'https://code.example.org/gitlab/acme/fleet.git',
      'gitlab',
      'https://code.example.org/gitlab/acme/fleet',
    ],
    ['a host without integration', 'https://git.example.net/infra/fleet.git', undefined, undefined],
    ['a bare path', '/srv/git/fleet.git', undefined, undefined],
    ['scp-like ssh', 'git@github.com:example-org/fleet.git', undefined, undefined],
    ['no owner/repo', 'https://github.com/fleet.git', undefined, undefined],
  ])('%s', (_name, remote, kind, webUrl) => {
    const host = reviewHostFor(remote, integrations);
    expect(host && { kind: host.kind, webUrl: host.webUrl }).toEqual(kind ? { kind, webUrl } : undefined);
  });

  it('links commits the way each host does', () => {
    expect(reviewHostFor('https://github.com/o/r.git', integrations)!.commitUrl('abc')).toBe(
      'https://github.com/o/r/commit/abc',
    );
    expect(reviewHostFor('https://gitlab.example.com/g/p.git', integrations)!.commitUrl('abc')).toBe(
      'https://gitlab.example.com/g/p/-/commit/abc',
    );
  });
});

// GitHub cannot be reached from here: the App's installation token comes from the stand-in, which checks the
// App's JWT against its public key, as GitHub does.
describe('reviewHostFor with a GitHub App (Backstage credentials provider)', () => {
  it('opens the review with an installation token Backstage minted for the App', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = { publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
    const standIn = await startGithubStandIn({
      token: 'no-static-token',
      owner: 'example-org',
      repo: 'fleet',
      app: { appId: 4242, publicKey: pem.publicKey },
    });
    try {
      const apps = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'ghe.example.com',
                apiBaseUrl: standIn.apiBaseUrl,
                apps: [
                  {
                    appId: 4242,
                    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
                    clientId: 'client',
                    clientSecret: 'secret',
                    webhookSecret: 'hook',
                  },
                ],
              },
            ],
          },
        }),
      );
      const host = reviewHostFor('https://ghe.example.com/example-org/fleet.git', apps, { retries: 0 })!;
      standIn.push('platter/x', 'sha-1');
      const out = await host.ensureReview({
        head: 'platter/x',
        base: 'main',
        headSha: 'sha-1',
        title: 'x',
        body: 'y',
        labels: [],
        reviewers: [],
      });
      expect(out.action).toBe('created');
      expect(standIn.installationTokens).toEqual(['ghs_standin1']);
      expect(await host.authenticatedRemote('https://ghe.example.com/example-org/fleet.git')).toBe(
        'https://x-access-token:ghs_standin1@ghe.example.com/example-org/fleet.git',
      );
    } finally {
      await standIn.close();
    }
  });
});
