import { type Actor } from '@platter/model';
import { renderChanges } from '../../render';
import { comparable, RepoHarness, roundTrip, rejection } from '../../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const teamB: Actor = { kind: 'tenant', tenant: 'team-b' };

/** shop's staging pin made a release (the example pins a prerelease there). */
const shopReleasedInStaging = (h: RepoHarness) =>
  h.editYaml('apps/shop/staging/release.yaml', (d) => (d.spec.chart.spec.version = '1.3.0'));

/** A second team-a app, bound to staging only. */
const cartInStaging = (h: RepoHarness) =>
  h.apply({
    kind: 'OnboardApp',
    name: 'cart',
    tenant: 'team-a',
    source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
    dependsOn: ['ingress-nginx'],
    targets: [{ stage: 'staging' }],
    version: '0.2.0',
  });

/** The properties every planner keeps: the applied tree is valid, renders to itself and round-trips. */
function expectStable(h: RepoHarness) {
  expect(h.errors()).toEqual([]);
  const model = h.model();
  expect(renderChanges(model, h.tree)).toEqual([]);
  expect(comparable(roundTrip(model, h.tree))).toEqual(comparable(model));
}

describe('planPromoteApp', () => {
  it.each<[string, (h: RepoHarness) => unknown, Record<string, unknown>, Actor | undefined, string[], string]>([
    [
      'a release from staging to prod (default from: promotesFrom) edits the prod pin only',
      shopReleasedInStaging,
      { app: 'shop', to: [{ stage: 'prod' }] },
      teamA,
      ['modify apps/shop/prod/release.yaml'],
      'direct',
    ],
    [
      'an explicit version into a stage that promotes from nothing',
      () => undefined,
      { app: 'shop', to: [{ stage: 'staging' }], version: '1.3.0' },
      teamA,
      ['modify apps/shop/staging/release.yaml'],
      'direct',
    ],
    [
      'an image app: the overlay `images` tag is the pin',
      () => undefined,
      { app: 'billing', to: [{ env: 'staging-eu' }], version: '2.1.0' },
      teamB,
      ['modify apps/billing/envs/staging-eu/kustomization.yaml'],
      'direct',
    ],
    [
      'into a stage the app is not bound to: binds and pins it',
      cartInStaging,
      { app: 'cart', to: [{ stage: 'prod' }] },
      teamA,
      [
        'add apps/cart/prod/kustomization.yaml',
        'add apps/cart/prod/release.yaml',
        'add tenants/team-a/prod/cart.yaml',
        'modify tenants/team-a/prod/kustomization.yaml',
      ],
      'direct',
    ],
    [
      'into an env the app is not deployed to: binds it and wires the env (platform review)',
      () => undefined,
      { app: 'billing', from: { env: 'staging-eu' }, to: [{ env: 'prod-eu' }] },
      teamB,
      [
        'add apps/billing/envs/prod-eu/kustomization.yaml',
        'modify envs/prod-eu/kustomization.yaml',
        'modify envs/prod-eu/tenant-config.yaml',
        'add tenants/team-b/envs/prod-eu/billing.yaml',
        'add tenants/team-b/envs/prod-eu/kustomization.yaml',
      ],
      'platform-review',
    ],
  ])('%s', (_name, setup, request, actor, changed, review) => {
    const h = RepoHarness.example();
    setup(h);
    const p = h.apply({ kind: 'PromoteApp', ...request }, actor);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.review).toBe(review);
    expectStable(h);
    expect(h.plan({ kind: 'PromoteApp', ...request }, actor).changes).toEqual([]);
  });

  it('promotes the version found at `from`, and `version` wins over it', () => {
    const h = RepoHarness.example();
    shopReleasedInStaging(h);
    const p = h.plan({ kind: 'PromoteApp', app: 'shop', from: { stage: 'staging' }, to: [{ stage: 'prod' }] });
    expect(p.diff).toContain('-      version: 1.2.0\n+      version: 1.3.0');
    const q = h.plan({
      kind: 'PromoteApp',
      app: 'shop',
      from: { stage: 'staging' },
      to: [{ stage: 'prod' }],
      version: '1.2.1',
    });
    expect(q.diff).toContain('+      version: 1.2.1');
    expect(q.affected).toEqual({ stages: ['prod'], environments: ['prod-eu', 'prod-us'] });
  });

  it('a newly bound target starts from the base values: stage values are not promoted', () => {
    const h = RepoHarness.example();
    cartInStaging(h);
    h.editYaml('apps/cart/staging/release.yaml', (d) => (d.spec.values = { replicaCount: 1 }));
    h.apply({ kind: 'PromoteApp', app: 'cart', to: [{ stage: 'prod' }] });
    expect(h.read('apps/cart/prod/release.yaml')).toContain('version: 0.2.0');
    expect(h.read('apps/cart/prod/release.yaml')).not.toContain('replicaCount');
    expect(h.errors()).toEqual([]);
  });

  it('staging to prod: the prerelease is refused, the release that follows it is promoted', () => {
    const h = RepoHarness.example();
    const toProd = { kind: 'PromoteApp', app: 'shop', from: { stage: 'staging' }, to: [{ stage: 'prod' }] };
    expect(rejection(h, toProd, teamA).code).toBe('PrereleaseNotAllowed');
    h.apply({ kind: 'PromoteApp', app: 'shop', to: [{ stage: 'staging' }], version: '1.3.0' }, teamA);
    const p = h.apply(toProd, teamA);
    expect(RepoHarness.changed(p)).toEqual(['modify apps/shop/prod/release.yaml']);
    expect(
      h
        .model()
        .apps.find((a) => a.name === 'shop')!
        .deployments.map((d) => `${d.stage}=${d.version}`),
    ).toEqual(['staging=1.3.0', 'prod=1.3.0']);
  });

  it('one source serves every target', () => {
    const h = RepoHarness.example();
    const p = h.apply({
      kind: 'PromoteApp',
      app: 'billing',
      from: { env: 'staging-eu' },
      to: [{ env: 'prod-eu' }, { env: 'prod-us' }],
    });
    expect(RepoHarness.changed(p).filter((c) => c.startsWith('add apps/'))).toEqual([
      'add apps/billing/envs/prod-eu/kustomization.yaml',
      'add apps/billing/envs/prod-us/kustomization.yaml',
    ]);
    expect(h.read('apps/billing/envs/prod-us/kustomization.yaml')).toContain('newTag: 2.0.0');
    expectStable(h);
  });

  it('the same version is an empty plan', () => {
    const h = RepoHarness.example();
    const p = h.plan({ kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.2.0' });
    expect(p.changes).toEqual([]);
    expect(p.review).toBe('direct');
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    [
      'a prerelease into prod (shop 1.3.0-rc.1 from staging)',
      'PrereleaseNotAllowed',
      'apps/shop/prod/release.yaml',
      { app: 'shop', to: [{ stage: 'prod' }] },
    ],
    [
      'a lower version: use Rollback',
      'Downgrade',
      'apps/shop/prod/release.yaml',
      { app: 'shop', to: [{ stage: 'prod' }], version: '1.1.0' },
    ],
    [
      'a lower image tag',
      'Downgrade',
      'apps/billing/envs/staging-eu/kustomization.yaml',
      { app: 'billing', to: [{ env: 'staging-eu' }], version: '1.9.9' },
    ],
    [
      'a release below its prerelease',
      'Downgrade',
      'apps/shop/staging/release.yaml',
      { app: 'shop', to: [{ stage: 'staging' }], version: '1.2.9' },
    ],
    ['an unknown app', 'UnknownApp', 'app', { app: 'shopp', to: [{ stage: 'prod' }] }],
    ['an unknown target stage', 'UnknownStage', 'to', { app: 'shop', to: [{ stage: 'qa' }], version: '1.3.0' }],
    [
      'an unknown source env',
      'UnknownEnvironment',
      'from',
      { app: 'shop', from: { env: 'qa-eu' }, to: [{ stage: 'prod' }] },
    ],
    ['no source: staging promotes from nothing', 'InvalidRequest', 'from', { app: 'shop', to: [{ stage: 'staging' }] }],
    [
      'no source: billing is not in stage staging',
      'InvalidRequest',
      'from',
      { app: 'billing', to: [{ env: 'prod-eu' }] },
    ],
    [
      'a stage the tenant is not onboarded into',
      'TenantNotInStage',
      'apps/billing/prod/kustomization.yaml',
      { app: 'billing', from: { env: 'staging-eu' }, to: [{ stage: 'prod' }] },
    ],
    [
      'an env of a stage the app is bound to',
      'DuplicateResourceId',
      'apps/shop/envs/prod-eu/release.yaml',
      { app: 'shop', to: [{ env: 'prod-eu' }], version: '1.2.0' },
    ],
    [
      'a version that is not SemVer',
      'InvalidSemVer',
      'version',
      { app: 'shop', to: [{ stage: 'prod' }], version: 'v1.3.0' },
    ],
    ['no targets', 'InvalidRequest', 'to', { app: 'shop', to: [] }],
  ])('rejects %s -> %s', (_name, code, path, request) => {
    const h = RepoHarness.example();
    const got = rejection(h, { kind: 'PromoteApp', ...request });
    expect(got.code).toBe(code);
    expect(got.path).toBe(path);
  });

  it("a tenant may not promote another tenant's app", () => {
    const h = RepoHarness.example();
    shopReleasedInStaging(h);
    expect(rejection(h, { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }] }, teamB).code).toBe('Forbidden');
  });
});
