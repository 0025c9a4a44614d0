import { isPlatterError } from '@platter/model';
import { RepoHarness } from '../../testing';

const onboardCart = {
  kind: 'OnboardApp',
  name: 'cart',
  tenant: 'team-a',
  source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
  dependsOn: ['ingress-nginx'],
  targets: [{ stage: 'staging' }],
  version: '0.1.0',
};

describe('planOnboardApp', () => {
  it("a tenant onboarding into a stage touches its app and its stage dir (not CODEOWNERS, the platform's), and commits directly", () => {
    const h = RepoHarness.example();
    const p = h.plan(onboardCart, { kind: 'tenant', tenant: 'team-a' });
    expect(RepoHarness.changed(p)).toEqual([
      'add apps/cart/base/kustomization.yaml',
      'add apps/cart/base/release.yaml',
      'add apps/cart/base/source.yaml',
      'add apps/cart/staging/kustomization.yaml',
      'add apps/cart/staging/release.yaml',
      'add tenants/team-a/staging/cart.yaml',
      'modify tenants/team-a/staging/kustomization.yaml',
    ]);
    expect(p.review).toBe('direct');
    expect(p.affected).toEqual({ stages: ['staging'], environments: ['staging-eu'] });
    expect(p.diff).toContain('+  name: cart');
  });

  it('is empty when re-applied', () => {
    const h = RepoHarness.example();
    h.apply(onboardCart);
    expect(h.plan(onboardCart).changes).toEqual([]);
    expect(h.validate()).toEqual([]);
  });

  it.each([
    ['unknown tenant', { tenant: 'team-z' }, 'UnknownTenant'],
    ['unknown stage', { targets: [{ stage: 'qa' }] }, 'UnknownStage'],
    ['tenant not in stage', { tenant: 'team-b' }, 'TenantNotInStage'],
    ['invalid name', { name: 'Cart' }, 'InvalidName'],
    ['prerelease into prod', { targets: [{ stage: 'prod' }], version: '0.1.0-rc.1' }, 'PrereleaseNotAllowed'],
    ['name taken by another tenant', { name: 'billing' }, 'DuplicateName'],
    ['bad version', { version: 'latest' }, 'InvalidSemVer'],
    ['malformed request', { targets: [] }, 'InvalidRequest'],
    [
      'Helm values for an image app',
      { source: { type: 'image', image: 'ghcr.io/example-org/cart' }, values: { staging: { replicaCount: 2 } } },
      'InvalidRequest',
    ],
  ])('%s -> %s', (_name, patch, code) => {
    const h = RepoHarness.example();
    const before = h.tree.entries();
    let error: unknown;
    try {
      h.plan({ ...onboardCart, ...patch });
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error) && error.code).toBe(code);
    expect(h.tree.entries()).toEqual(before);
  });

  it('a tenant may not onboard an app for another tenant', () => {
    const h = RepoHarness.example();
    expect(() => h.plan(onboardCart, { kind: 'tenant', tenant: 'team-b' })).toThrow(
      expect.objectContaining({ code: 'Forbidden' }),
    );
  });

  it('an env-only app also wires the env', () => {
    const h = RepoHarness.example();
    const p = h.apply({ ...onboardCart, tenant: 'team-b', name: 'ledger', targets: [{ env: 'prod-eu' }] });
    expect(RepoHarness.changed(p)).toEqual(
      expect.arrayContaining([
        'modify envs/prod-eu/kustomization.yaml',
        'modify envs/prod-eu/tenant-config.yaml',
        'add tenants/team-b/envs/prod-eu/ledger.yaml',
      ]),
    );
    expect(h.validate()).toEqual([]);
  });
});
