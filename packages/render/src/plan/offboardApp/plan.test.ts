import { type Actor } from '@platter/model';
import { renderChanges } from '../../render';
import { comparable, RepoHarness, roundTrip, rejection } from '../../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const teamB: Actor = { kind: 'tenant', tenant: 'team-b' };

const SHOP_FILES = [
  'apps/shop/base/kustomization.yaml',
  'apps/shop/base/release.yaml',
  'apps/shop/base/source.yaml',
  'apps/shop/prod/kustomization.yaml',
  'apps/shop/prod/release.yaml',
  'apps/shop/staging/kustomization.yaml',
  'apps/shop/staging/release.yaml',
];

describe('planOffboardApp', () => {
  it.each<[string, Record<string, unknown>, Actor, string[], string]>([
    [
      'a helm app entirely by its tenant: its files and its Kustomizations (its CODEOWNERS line is left to the platform)',
      { name: 'shop' },
      teamA,
      [
        ...SHOP_FILES.map((f) => `delete ${f}`),
        'modify tenants/team-a/prod/kustomization.yaml',
        'delete tenants/team-a/prod/shop.yaml',
        'modify tenants/team-a/staging/kustomization.yaml',
        'delete tenants/team-a/staging/shop.yaml',
      ],
      'direct',
    ],
    [
      'a helm app from one stage',
      { name: 'shop', targets: [{ stage: 'staging' }] },
      teamA,
      [
        'delete apps/shop/staging/kustomization.yaml',
        'delete apps/shop/staging/release.yaml',
        'modify tenants/team-a/staging/kustomization.yaml',
        'delete tenants/team-a/staging/shop.yaml',
      ],
      'direct',
    ],
    [
      'an env-only image app entirely: the env loses the tenant (platform review)',
      { name: 'billing' },
      teamB,
      [
        'modify CODEOWNERS',
        'delete apps/billing/base/kustomization.yaml',
        'delete apps/billing/base/workload.yaml',
        'delete apps/billing/envs/staging-eu/kustomization.yaml',
        'modify envs/staging-eu/kustomization.yaml',
        'modify envs/staging-eu/tenant-config.yaml',
        'delete tenants/team-b/envs/staging-eu/billing.yaml',
        'delete tenants/team-b/envs/staging-eu/kustomization.yaml',
      ],
      'platform-review',
    ],
    [
      'an env-only app from its env: the app (base, CODEOWNERS) stays',
      { name: 'billing', targets: [{ env: 'staging-eu' }] },
      teamB,
      [
        'delete apps/billing/envs/staging-eu/kustomization.yaml',
        'modify envs/staging-eu/kustomization.yaml',
        'modify envs/staging-eu/tenant-config.yaml',
        'delete tenants/team-b/envs/staging-eu/billing.yaml',
        'delete tenants/team-b/envs/staging-eu/kustomization.yaml',
      ],
      'platform-review',
    ],
  ])('%s', (_name, request, actor, changed, review) => {
    const h = RepoHarness.example();
    const p = h.apply({ kind: 'OffboardApp', ...request }, actor);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.review).toBe(review);
    expect(h.errors()).toEqual([]);
    const model = h.model();
    // A tenant's own removal of a whole app leaves CODEOWNERS to the platform's next render (issue 22 item 2b).
    const leftToPlatform = actor.kind === 'tenant' && review === 'direct' && !request.targets;
    expect(renderChanges(model, h.tree).map((c) => c.path)).toEqual(leftToPlatform ? ['CODEOWNERS'] : []);
    expect(comparable(roundTrip(model, h.tree))).toEqual(comparable(model));
    // Re-applied: empty, and for a removed app a warning instead of an error.
    const again = h.plan({ kind: 'OffboardApp', ...request }, actor);
    expect(again.changes).toEqual([]);
    expect(again.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(
      request.targets ? [] : ['warning AlreadyAbsent'],
    );
  });

  it('leaves no trace of an app offboarded entirely', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'OffboardApp', name: 'shop' });
    expect(h.tree.list('apps/shop')).toEqual([]);
    expect(
      h.tree
        .entries()
        .filter(([, text]) => /\bshop\b/.test(text))
        .map(([path]) => path),
    ).toEqual([]);
    expect(h.read('tenants/team-a/prod/kustomization.yaml')).toContain('- ../base');
  });

  it('an app offboarded from every target keeps its base and can be bound again', () => {
    const h = RepoHarness.example();
    const p = h.apply({ kind: 'OffboardApp', name: 'shop', targets: [{ stage: 'staging' }, { stage: 'prod' }] }, teamA);
    expect(RepoHarness.changed(p).filter((c) => !c.startsWith('delete '))).toEqual([
      'modify tenants/team-a/prod/kustomization.yaml',
      'modify tenants/team-a/staging/kustomization.yaml',
    ]);
    expect(h.model().apps.find((a) => a.name === 'shop')?.deployments).toEqual([]);
    expect(h.read('CODEOWNERS')).toContain('/apps/shop/');
    h.apply({ kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.2.0' }, teamA);
    expect(h.errors()).toEqual([]);
  });

  it('a target the app is not deployed at is an empty plan', () => {
    const h = RepoHarness.example();
    expect(h.plan({ kind: 'OffboardApp', name: 'shop', targets: [{ env: 'prod-eu' }] }).changes).toEqual([]);
  });

  it.each<[string, string, string | undefined, Record<string, unknown>, Actor | undefined]>([
    ['an unknown target stage', 'UnknownStage', 'targets', { name: 'shop', targets: [{ stage: 'qa' }] }, undefined],
    [
      'an unknown target env',
      'UnknownEnvironment',
      'targets',
      { name: 'shop', targets: [{ env: 'qa-eu' }] },
      undefined,
    ],
    ["another tenant's app", 'Forbidden', 'name', { name: 'shop' }, teamB],
    [
      "another tenant's app, from one stage",
      'Forbidden',
      'name',
      { name: 'shop', targets: [{ stage: 'staging' }] },
      teamB,
    ],
    ['a malformed request', 'InvalidRequest', 'name', { app: 'shop' }, undefined],
  ])('rejects %s -> %s', (_name, code, path, request, actor) => {
    const got = rejection(RepoHarness.example(), { kind: 'OffboardApp', ...request }, actor);
    expect(got.code).toBe(code);
    expect(got.path).toBe(path);
  });
});
