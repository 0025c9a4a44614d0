import { renderChanges } from '../../render';
import { RepoHarness, rejection } from '../../testing';

const offboard = (patch: Record<string, unknown> = {}) => ({ kind: 'OffboardTenant', name: 'team-a', ...patch });

describe('planOffboardTenant', () => {
  it.each([
    [
      'from one stage, with cascade: the stage side and the apps bound there',
      offboard({ stages: ['staging'], cascade: true }),
      [
        'delete apps/shop/staging/kustomization.yaml',
        'delete apps/shop/staging/release.yaml',
        'modify envs/staging-eu/tenant-config.yaml',
        'modify stages/staging/kustomization.yaml',
        'delete tenants/team-a/staging/kustomization.yaml',
        'delete tenants/team-a/staging/shop.yaml',
      ],
    ],
    [
      'entirely, with cascade: the tenant, its apps, its settings and its traces in stages and envs',
      offboard({ cascade: true }),
      [
        'modify CODEOWNERS',
        'delete apps/shop/base/kustomization.yaml',
        'delete apps/shop/base/release.yaml',
        'delete apps/shop/base/source.yaml',
        'delete apps/shop/prod/kustomization.yaml',
        'delete apps/shop/prod/release.yaml',
        'delete apps/shop/staging/kustomization.yaml',
        'delete apps/shop/staging/release.yaml',
        // The last tenant of prod: its envs no longer need a tenant-config.
        'modify envs/prod-eu/kustomization.yaml',
        'delete envs/prod-eu/tenant-config.yaml',
        'modify envs/prod-us/kustomization.yaml',
        'delete envs/prod-us/tenant-config.yaml',
        'modify envs/staging-eu/tenant-config.yaml',
        'modify platter.yaml',
        'modify stages/prod/kustomization.yaml',
        'modify stages/staging/kustomization.yaml',
        'delete tenants/team-a/base/kustomization.yaml',
        'delete tenants/team-a/base/namespaces.yaml',
        'delete tenants/team-a/base/rbac.yaml',
        'delete tenants/team-a/base/source.yaml',
        'delete tenants/team-a/prod/kustomization.yaml',
        'delete tenants/team-a/prod/shop.yaml',
        'delete tenants/team-a/staging/kustomization.yaml',
        'delete tenants/team-a/staging/shop.yaml',
      ],
    ],
    [
      'entirely, a tenant with an env-only app, with cascade: the env no longer includes it',
      offboard({ name: 'team-b', cascade: true }),
      [
        'modify CODEOWNERS',
        'delete apps/billing/base/kustomization.yaml',
        'delete apps/billing/base/workload.yaml',
        'delete apps/billing/envs/staging-eu/kustomization.yaml',
        'modify envs/staging-eu/kustomization.yaml',
        'modify envs/staging-eu/tenant-config.yaml',
        'modify platter.yaml',
        'delete tenants/team-b/base/kustomization.yaml',
        'delete tenants/team-b/base/namespaces.yaml',
        'delete tenants/team-b/base/rbac.yaml',
        'delete tenants/team-b/base/source.yaml',
        'delete tenants/team-b/envs/staging-eu/billing.yaml',
        'delete tenants/team-b/envs/staging-eu/kustomization.yaml',
      ],
    ],
  ])('%s', (_name, request, changed) => {
    const h = RepoHarness.example();
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.review).toBe('direct');
    expect(p.diagnostics).toEqual([]);
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]); // what a full render of the result gives
  });

  it('from stages: re-planning is empty (stages the tenant is not in are skipped), and the tenant stays', () => {
    const h = RepoHarness.example();
    const request = offboard({ stages: ['staging'], cascade: true });
    h.apply(request);
    expect(h.plan(request).changes).toEqual([]);
    expect(h.model().tenants.find((t) => t.name === 'team-a')?.stages).toEqual(['prod']);
    expect(h.model().apps.find((a) => a.name === 'shop')?.deployments).toEqual([
      expect.objectContaining({ stage: 'prod' }),
    ]);
  });

  it('a tenant without apps goes entirely without cascade; re-planning is empty with a warning', () => {
    const h = RepoHarness.example();
    h.apply({
      kind: 'OnboardTenant',
      name: 'team-c',
      owner: 'group:default/team-c',
      codeowners: ['@example-org/team-c'],
      stages: ['staging'],
    });
    const p = h.apply(offboard({ name: 'team-c' }));
    expect(RepoHarness.changed(p)).toEqual([
      'modify CODEOWNERS',
      'modify envs/staging-eu/tenant-config.yaml',
      'modify platter.yaml',
      'modify stages/staging/kustomization.yaml',
      'delete tenants/team-c/base/kustomization.yaml',
      'delete tenants/team-c/base/namespaces.yaml',
      'delete tenants/team-c/base/rbac.yaml',
      'delete tenants/team-c/base/source.yaml',
      'delete tenants/team-c/staging/kustomization.yaml',
    ]);
    expect(h.validate()).toEqual([]);
    expect(h.tree.entries()).toEqual(RepoHarness.example().tree.entries());
    // Gone: a retry plans nothing; the warning still shows a typo.
    const again = h.plan(offboard({ name: 'team-c' }));
    expect(again.changes).toEqual([]);
    expect(again.diagnostics.map((d) => [d.code, d.severity])).toEqual([['AlreadyAbsent', 'warning']]);
  });

  it('cascade from every stage of an app: its deployments go, its base stays, with a warning', () => {
    const h = RepoHarness.example();
    const p = h.apply(offboard({ stages: ['staging', 'prod'], cascade: true }));
    expect(p.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ['AppNotDeployed', 'warning', 'apps/shop/base/kustomization.yaml'],
    ]);
    expect(h.tree.list('apps/shop')).toEqual([
      'apps/shop/base/kustomization.yaml',
      'apps/shop/base/release.yaml',
      'apps/shop/base/source.yaml',
    ]);
    expect(h.model().tenants.find((t) => t.name === 'team-a')?.stages).toEqual([]);
    expect(h.validate()).toEqual([]);
  });

  it("offboarding from a stage keeps the tenant's env-only deployments", () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'OnboardTenant', name: 'team-b', owner: 'group:default/team-b', stages: ['staging'] });
    const p = h.apply(offboard({ name: 'team-b', stages: ['staging'] }));
    expect(RepoHarness.changed(p)).toEqual([
      'modify stages/staging/kustomization.yaml',
      'modify tenants/team-b/envs/staging-eu/kustomization.yaml',
      'delete tenants/team-b/staging/kustomization.yaml',
    ]);
    expect(h.read('tenants/team-b/envs/staging-eu/kustomization.yaml')).toContain('../../base');
    expect(h.validate()).toEqual([]);
  });

  it.each([
    ['unknown stage', 'UnknownStage', offboard({ stages: ['qa'] })],
    ['an empty stage list', 'InvalidRequest', offboard({ stages: [] })],
    ['apps bound to the stage, no cascade', 'TenantHasApps', offboard({ stages: ['prod'] })],
    ['apps left, entirely, no cascade', 'TenantHasApps', offboard()],
    ['an env-only app left, entirely, no cascade', 'TenantHasApps', offboard({ name: 'team-b' })],
  ])('%s -> %s, tree unchanged', (_name, code, request) => {
    const h = RepoHarness.example();
    expect(rejection(h, request).code).toBe(code);
  });

  it('a tenant offboarding itself needs platform review; offboarding another tenant is Forbidden', () => {
    const h = RepoHarness.example();
    expect(h.plan(offboard({ stages: ['staging'], cascade: true }), { kind: 'tenant', tenant: 'team-a' }).review).toBe(
      'platform-review',
    );
    expect(
      rejection(h, offboard({ stages: ['staging'], cascade: true }), { kind: 'tenant', tenant: 'team-b' }).code,
    ).toBe('Forbidden');
  });
});
