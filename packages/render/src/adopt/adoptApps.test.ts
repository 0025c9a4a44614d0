import { ownerOf } from './adoptApps';

// The owner of an app directory: the team on the last matching CODEOWNERS line
// (GitHub's rule), the catch-all being the platform's; else the --tenant default.
describe('ownerOf', () => {
  it.each([
    ['an anchored directory', '/apps/ @acme/web\n', undefined, 'web'],
    ['a path without a leading slash is anchored', 'apps/base/podinfo @acme/pods\n', undefined, 'pods'],
    ['an unanchored directory name matches at any depth', 'podinfo/ @acme/pods\n', undefined, 'pods'],
    ['a ** glob', '/apps/** @acme/web\n', undefined, 'web'],
    ['the last matching line wins', '/apps/ @acme/web\n/apps/base/ @acme/base-team\n', undefined, 'base-team'],
    ['the catch-all is the platform: --tenant', '/apps/ @acme/web\n* @acme/platform\n', 'shop', 'shop'],
    ['a user handle is no team: --tenant', '/apps/ @alice\n', 'shop', 'shop'],
    ['a file pattern does not own the directory', '*.yaml @acme/yaml\n', 'shop', 'shop'],
    ['another directory', '/infrastructure/ @acme/infra\n', 'shop', 'shop'],
    ['a comment and a team, upper case', '# apps\n/apps/ @Acme/Web-Team # web\n', undefined, 'web-team'],
    ['no CODEOWNERS, no --tenant', undefined, undefined, undefined],
  ])('%s', (_name, codeowners, fallback, tenant) => {
    const owner = ownerOf(codeowners, 'apps/base/podinfo', fallback);
    expect(typeof owner === 'string' ? undefined : owner.tenant).toBe(tenant);
    if (typeof owner !== 'string') expect(owner.owner).toBe(`group:default/${tenant}`);
  });
});
