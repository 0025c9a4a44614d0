import { RepoHarness, TEST_NOW } from '../testing';
import { validateIncrementally, ValidationIndex } from './incremental';
import { validateRepository } from './validateRepository';

/**
 * What a change reaches, per kind of change, on the example fleet (prod-eu and
 * prod-us in stage prod, staging-eu in staging; shop deployed to both stages,
 * billing to staging-eu only). The property test proves the findings; this
 * table pins the reach: the envs checked and the cross-entity units run.
 */
type Change = (h: RepoHarness) => unknown;

const cases: [name: string, change: Change, envs: string[], units: string[], not: string[]][] = [
  [
    "an env's env-config: that env",
    (h) => h.editYaml('envs/prod-eu/env-config.yaml', (c) => (c.data.extra = 'x')),
    ['prod-eu'],
    ['fields:env:prod-eu', 'envRule:prod-eu'],
    ['rules', 'managedFiles', 'tenantPaths', 'fields:settings', 'envRule:prod-us'],
  ],
  [
    "a stage's runtime Kustomization: the stage's envs",
    (h) => h.editYaml('stages/prod/runtime/cert-manager.yaml', (k) => (k.spec.interval = '11m')),
    ['prod-eu', 'prod-us'],
    ['fields:stage:prod'],
    // The stage's model is as it was: the envs' model rule is not run again.
    ['rules', 'managedFiles', 'envRule:prod-eu', 'envRule:prod-us'],
  ],
  [
    'a file of a runtime component version: the envs whose builds read it',
    (h) => h.edit('runtime/ingress-nginx/1.1.0/nodeport/patch.yaml', (t) => `${t}# by hand\n`),
    ['staging-eu'],
    // The menu entry parses differently (its digest): the model rules about the menu run too.
    // Only the stage that runs the version renders it; the settings' render reads no service.
    ['fields:service:ingress-nginx', 'rules', 'fields:stage:staging', 'env:staging-eu'],
    // The env rules read what the version requires and offers, not its files.
    ['tenantPaths', 'fields:env:prod-eu', 'fields:stage:prod', 'fields:settings', 'envRule:staging-eu'],
  ],
  [
    'a file of an addon no env enables: no env',
    (h) => h.edit('runtime/ingress-nginx/1.1.0/metrics/kustomization.yaml', (t) => `${t}# by hand\n`),
    [],
    ['fields:service:ingress-nginx', 'rules', 'fields:stage:staging'],
    ['env:staging-eu', 'envRule:staging-eu', 'fields:stage:prod'],
  ],
  [
    'what a version requires: the model rule of the envs that run it',
    (h) =>
      h.editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (c) => c.spec.requires.config.push('ingress_class')),
    ['staging-eu'],
    ['envRule:staging-eu', 'env:staging-eu', 'rules'],
    ['envRule:prod-eu', 'envRule:prod-us'],
  ],
  [
    "an app's env overlay: the env it is deployed to",
    (h) => h.edit('apps/billing/envs/staging-eu/kustomization.yaml', (t) => `${t}# by hand\n`),
    ['staging-eu'],
    ['fields:app:billing'],
    ['managedFiles', 'envRule:staging-eu'],
  ],
  [
    "a tenant's stage binding: the stage's envs, and the tenant paths",
    (h) => h.editYaml('tenants/team-a/prod/shop.yaml', (k) => delete k.spec.serviceAccountName),
    ['prod-eu', 'prod-us'],
    ['tenantPaths', 'fields:tenant:team-a'],
    ['managedFiles'],
  ],
  [
    'CODEOWNERS: the generated files only',
    (h) => h.edit('CODEOWNERS', (t) => `${t}/envs/ @someone\n`),
    [],
    ['managedFiles', 'fields:settings'],
    ['rules', 'tenantPaths'],
  ],
  [
    'lockdown in platter.yaml: everything that reads the settings',
    (h) => h.editYaml('platter.yaml', (p) => (p.spec.lockdown = !p.spec.lockdown)),
    ['prod-eu', 'prod-us', 'staging-eu'],
    ['rules', 'managedFiles', 'tenantPaths', 'lifecycle', 'promotion', 'fields:settings'],
    [],
  ],
  [
    // The tenant's render reads the overlay's claims: its app Kustomization should now wait for the install.
    "a Crossplane claim added by hand to an app overlay: the tenant's managed fields",
    (h) =>
      h.writeYaml('apps/shop/prod/cloud/extra.yaml', {
        apiVersion: 'platform.example.org/v1alpha1',
        kind: 'Bucket',
        metadata: { name: 'extra', namespace: 'team-a', labels: { 'platter.dev/cloud-class': 's3-bucket' } },
      }),
    // not listed in the overlay's kustomization: no env builds it
    [],
    ['fields:tenant:team-a'],
    ['rules'],
  ],
  [
    'a new file in a stage directory: the stage envs (its listing changed)',
    (h) => h.write('stages/staging/notes.yaml', 'a: 1\n'),
    ['staging-eu'],
    ['yaml:stages/staging/notes.yaml'],
    ['rules'],
  ],
];

describe('what a change reaches', () => {
  const base = RepoHarness.example();
  const index = ValidationIndex.build(base.tree);

  it.each(cases)('%s', (_name, change, envs, units, not) => {
    const h = new RepoHarness(base.tree.clone());
    change(h);
    const changed = [...new Set([...base.tree.list(''), ...h.tree.list('')])].filter(
      (p) => base.tree.read(p) !== h.tree.read(p),
    );
    const result = validateIncrementally(index, h.tree, changed, { now: TEST_NOW });
    expect(result.reach.all).toBe(false);
    expect(result.reach.environments).toEqual(envs);
    expect(result.reach.totalEnvironments).toBe(3);
    for (const u of units) expect([u, result.reach.units.has(u)]).toEqual([u, true]);
    for (const u of not) expect([u, result.reach.units.has(u)]).toEqual([u, false]);
    // Whatever it reports, a full validation reports too.
    const full = new Set(validateRepository(h.tree, { now: TEST_NOW }).diagnostics.map((d) => `${d.code} ${d.path}`));
    for (const d of result.diagnostics) expect(full).toContain(`${d.code} ${d.path}`);
  });

  it('a claim added by hand: the app Kustomization that does not wait for the install, as a full validation says', () => {
    const h = new RepoHarness(base.tree.clone());
    cases.find(([name]) => name.startsWith('a Crossplane claim'))![1](h);
    const result = validateIncrementally(index, h.tree, ['apps/shop/prod/cloud/extra.yaml'], { now: TEST_NOW });
    const edited = (ds: { code: string; path?: string }[]) =>
      ds.filter((d) => d.code === 'ManagedFieldEdited' && d.path?.startsWith('tenants/team-a/prod/shop.yaml'));
    const full = edited(validateRepository(h.tree, { now: TEST_NOW }).diagnostics);
    expect(full.length).toBeGreaterThan(0);
    expect(edited(result.diagnostics)).toEqual(full);
  });

  it("a menu entry of a version an env pins: the env's managed fields, as a full validation says", () => {
    // prod-eu pins ingress-nginx 1.1.0; 1.1.0 then depends on external-dns too, which the pin must carry.
    const pinned = new RepoHarness(base.tree.clone()).editYaml('envs/prod-eu/kustomization.yaml', (k) => {
      k.patches = [
        ...(k.patches ?? []),
        {
          target: { kind: 'Kustomization', name: 'runtime-ingress-nginx' },
          patch: '- op: replace\n  path: /spec/path\n  value: ./runtime/ingress-nginx/1.1.0/_base\n',
        },
      ];
    });
    const pinnedIndex = ValidationIndex.build(pinned.tree);
    const h = new RepoHarness(pinned.tree.clone()).editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (c) => {
      c.spec.dependsOn = [...c.spec.dependsOn, 'external-dns'];
    });
    const result = validateIncrementally(pinnedIndex, h.tree, ['runtime/ingress-nginx/1.1.0/component.yaml'], {
      now: TEST_NOW,
    });
    expect(result.reach.units.has('fields:env:prod-eu')).toBe(true);
    expect(result.reach.units.has('fields:env:prod-us')).toBe(false);
    const edited = (ds: { code: string; path?: string }[]) =>
      ds.filter((d) => d.code === 'ManagedFieldEdited' && d.path?.startsWith('envs/prod-eu/'));
    const full = edited(validateRepository(h.tree, { now: TEST_NOW }).diagnostics);
    expect(full.length).toBeGreaterThan(0);
    expect(edited(result.diagnostics)).toEqual(full);
  });

  it('no change: nothing but the parse and shape findings', () => {
    const result = validateIncrementally(index, base.tree, [], { now: TEST_NOW });
    expect([...result.reach.units].sort()).toEqual(['parse', 'shape']);
    expect(result.reach.environments).toEqual([]);
  });

  it('platter.yaml that does not parse: everything, a full validation', () => {
    const h = new RepoHarness(base.tree.clone());
    h.write('platter.yaml', 'spec: [\n');
    const result = validateIncrementally(index, h.tree, ['platter.yaml'], { now: TEST_NOW });
    expect(result.reach.all).toBe(true);
    expect(result.diagnostics).toEqual(validateRepository(h.tree, { now: TEST_NOW }).diagnostics);
  });
});

/**
 * Dependency cycles in a changed env's build (checkStructure derives the env's
 * check from its check before the change, and looks for a new cycle only
 * through the Kustomizations the change made): the cycles a full validation
 * finds, for every way a change can make or end one.
 */
describe('dependency cycles a change makes or ends', () => {
  type Setup = (h: RepoHarness) => unknown;
  const dependsOn =
    (path: string, ...names: string[]) =>
    (h: RepoHarness) =>
      h.editYaml(path, (k) => (k.spec.dependsOn = names.map((name) => ({ name }))));
  const CERT = 'stages/prod/runtime/cert-manager.yaml';
  const INGRESS = 'stages/prod/runtime/ingress-nginx.yaml';
  /** A new runtime Kustomization of stage prod, listed in the stage's kustomization. */
  const addKustomization = (name: string, deps: string[]) => (h: RepoHarness) => {
    h.writeYaml(`stages/prod/runtime/${name}.yaml`, {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: './runtime/cert-manager/1.0.0/_base',
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        prune: true,
        ...(deps.length ? { dependsOn: deps.map((d) => ({ name: d })) } : {}),
      },
    });
    h.editYaml('stages/prod/kustomization.yaml', (k) => k.resources.push(`runtime/${name}.yaml`));
  };
  const none: Setup = () => undefined;

  const cases: [name: string, before: Setup, change: Setup, cycles: number][] = [
    ['an existing Kustomization now depends on its dependent', none, dependsOn(CERT, 'runtime-ingress-nginx'), 1],
    ['a Kustomization depends on itself', none, dependsOn(CERT, 'runtime-cert-manager'), 1],
    ['a new Kustomization that nothing depends on', none, addKustomization('runtime-x', ['runtime-ingress-nginx']), 0],
    [
      // The cycle's other edge was there before, dangling: the new Kustomization is the only one changed.
      'a new Kustomization an unchanged one was waiting for, depending back on it',
      dependsOn(CERT, 'runtime-x'),
      addKustomization('runtime-x', ['runtime-ingress-nginx']),
      1,
    ],
    ['a dependency dropped: no cycle', none, dependsOn(INGRESS), 0],
    ['a cycle before, ended by the change', dependsOn(CERT, 'runtime-ingress-nginx'), dependsOn(INGRESS), 0],
    [
      'a cycle before, kept while another edge changes',
      dependsOn(CERT, 'runtime-ingress-nginx'),
      dependsOn('stages/prod/runtime/external-dns.yaml', 'runtime-cert-manager'),
      1,
    ],
  ];

  it.each(cases)('%s', (_name, before, change, cycles) => {
    const start = RepoHarness.example();
    before(start);
    const index = ValidationIndex.build(start.tree);
    const h = new RepoHarness(start.tree.clone());
    change(h);
    const changed = [...new Set([...start.tree.list(''), ...h.tree.list('')])].filter(
      (p) => start.tree.read(p) !== h.tree.read(p),
    );
    const ofCycles = (ds: readonly { code: string; message: string; path?: string }[]) =>
      ds.filter((d) => d.code === 'DependencyCycle').map((d) => `${d.path}: ${d.message}`);
    const full = ofCycles(validateRepository(h.tree, { now: TEST_NOW }).diagnostics);
    const incremental = ofCycles(validateIncrementally(index, h.tree, changed, { now: TEST_NOW }).diagnostics);
    expect(incremental).toEqual(full);
    // Both prod envs build stage prod.
    expect(full).toHaveLength(cycles * 2);
  });
});
