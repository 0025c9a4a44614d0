import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
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
