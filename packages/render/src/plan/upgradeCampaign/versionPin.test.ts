import { lifecycleReport, outdatedReport, type ComponentVersion, type Fleet } from '@platter/model';
import { KustomizeWalker } from '../../parse';
import { drift } from '../../queries';
import { render } from '../../render';
import { comparable, RepoHarness, roundTrip, TEST_NOW } from '../../testing';

/**
 * An env's version pin (issue 19 §3, a campaign's canary): an env runs another
 * version of a runtime component than its stage, as a patch of the stage's
 * runtime Kustomization's `spec.path` in the env's overlay. The example runs
 * ingress-nginx 1.0.0 (+metrics) in prod; 1.1.0 is released.
 */
const KPATH = 'envs/prod-eu/kustomization.yaml';
const pin = (service: string, version: string) => (doc: any) => {
  doc.patches = [
    ...(doc.patches ?? []),
    {
      target: { kind: 'Kustomization', name: `runtime-${service}` },
      patch: `- op: replace\n  path: /spec/path\n  value: ./runtime/${service}/${version}/_base\n`,
    },
  ];
};
const withPin = (f: Fleet, env: string, service: string, version: string): Fleet => ({
  ...f,
  environments: f.environments.map((e) => (e.name === env ? { ...e, versionOverrides: [{ service, version }] } : e)),
});

describe('env version pins: parse, render, validate', () => {
  it('round-trips: parse(render(m)) equals m, with the pin beside an addon override', () => {
    const h = RepoHarness.example();
    const m = withPin(h.model(), 'prod-us', 'ingress-nginx', '1.1.0');
    // Over the example's files: its encrypted secrets are files a model alone does not render.
    expect(comparable(roundTrip(m, h.tree))).toEqual(comparable(m));
    const env = roundTrip(m, h.tree).environments.find((e) => e.name === 'prod-us')!;
    expect(env.versionOverrides).toEqual([{ service: 'ingress-nginx', version: '1.1.0' }]);
    expect(env.addonOverrides).toEqual([{ service: 'ingress-nginx', addon: 'metrics', action: 'disable' }]);
  });

  it('renders one patch on runtime-<svc>: spec.path first, then the addon ops; byte-identical twice', () => {
    const m = withPin(RepoHarness.example().model(), 'prod-us', 'ingress-nginx', '1.1.0');
    const once = render(m).read('envs/prod-us/kustomization.yaml')!;
    expect(render(m).read('envs/prod-us/kustomization.yaml')).toBe(once);
    expect(once).toContain(
      [
        '  - target:',
        '      kind: Kustomization',
        '      name: runtime-ingress-nginx',
        '    patch: |',
        '      - op: replace',
        '        path: /spec/path',
        '        value: ./runtime/ingress-nginx/1.1.0/_base',
        '      - op: test',
      ].join('\n'),
    );
  });

  it.each([
    ['a patch of spec.path that is no version _base', '- op: replace\n  path: /spec/path\n  value: ./mine\n'],
    ["a pin's carried field without a pin", '- op: add\n  path: /spec/dependsOn\n  value: []\n'],
  ])("%s is someone else's patch: not a pin, and kept", (_name, patch) => {
    const h = RepoHarness.example().editYaml(KPATH, (doc) => {
      doc.patches = [{ target: { kind: 'Kustomization', name: 'runtime-ingress-nginx' }, patch }];
    });
    expect(h.model().environments.find((e) => e.name === 'prod-eu')!.versionOverrides).toBeUndefined();
    h.apply({ kind: 'SetConfig', env: 'prod-eu', set: { region: 'eu-west-3' } });
    expect(h.read(KPATH)).toContain(patch.split('\n')[1]!.trim());
  });

  it.each([
    ['a released, allowed version', 'ingress-nginx', '1.1.0', []],
    ['a version that is not released', 'ingress-nginx', '9.9.9', [['UnknownComponentVersion', KPATH]]],
    ['the version the stage runs already', 'ingress-nginx', '1.0.0', [['StaleOverride', KPATH]]],
    [
      'a service the stage does not run',
      'monitoring-agent',
      '1.0.0',
      [
        ['MissingPatchTarget', KPATH],
        ['UnknownRuntimeService', KPATH],
      ],
    ],
  ])('validate: %s', (_n, service, version, errors) => {
    const h = RepoHarness.example().editYaml(KPATH, pin(service, version));
    expect(h.errors().filter(([, p]) => p === KPATH)).toEqual(errors);
  });

  it('validate: what the pinned version depends on runs in the stage (UnknownDependency otherwise)', () => {
    const h = RepoHarness.example()
      .editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (doc) => {
        doc.spec.dependsOn = [...doc.spec.dependsOn, 'monitoring-agent'];
      })
      .editYaml(KPATH, pin('ingress-nginx', '1.1.0'));
    expect(h.errors().filter(([, p]) => p === KPATH)).toEqual([['UnknownDependency', KPATH]]);
  });

  it('validate: a prerelease pin in a stage that allows none is PrereleaseNotAllowed', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'ReleaseComponentVersion', service: 'ingress-nginx', version: '1.2.0-rc.1', from: '1.1.0' });
    h.editYaml(KPATH, pin('ingress-nginx', '1.2.0-rc.1'));
    expect(h.errors().filter(([, p]) => p === KPATH)).toEqual([['PrereleaseNotAllowed', KPATH]]);
  });

  it('validate: the env runs its addons in the pinned version (AddonIncompatible when it lacks one)', () => {
    const h = RepoHarness.example();
    h.apply({
      kind: 'ReleaseComponentVersion',
      service: 'ingress-nginx',
      version: '1.2.0',
      from: '1.1.0',
      removeAddons: ['metrics'],
    });
    h.editYaml(KPATH, pin('ingress-nginx', '1.2.0'));
    expect(h.errors().filter(([, p]) => p === KPATH)).toEqual([['AddonIncompatible', KPATH]]);
  });

  it('outdated and drift show the pin', () => {
    const h = RepoHarness.example().editYaml(KPATH, pin('ingress-nginx', '1.1.0'));
    const m = h.model();
    const env = outdatedReport(m, TEST_NOW).environments.find((e) => e.env === 'prod-eu')!;
    expect(env.items.filter((i) => i.subject === 'ingress-nginx')).toEqual([
      { reason: 'pinned', subject: 'ingress-nginx', version: '1.1.0', newer: '1.0.0' },
    ]);
    // The stage itself is still behind.
    expect(outdatedReport(m, TEST_NOW).stages.find((s) => s.stage === 'prod')!.items).toContainEqual(
      expect.objectContaining({ reason: 'behind', subject: 'ingress-nginx', version: '1.0.0' }),
    );
    expect(lifecycleReport(m, [], TEST_NOW).outdated.environments.length).toBeGreaterThan(0);
    const d = drift(m, 'prod').environments.find((e) => e.env === 'prod-eu')!;
    expect(d).toMatchObject({ versionOverrides: [{ service: 'ingress-nginx', version: '1.1.0' }], inSync: false });
  });

  it('an UpgradeComponent of the stage to the pinned version removes the pin in the same commit', () => {
    const h = RepoHarness.example().editYaml(KPATH, pin('ingress-nginx', '1.1.0'));
    const p = h.apply({ kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' });
    expect(RepoHarness.changed(p)).toEqual([`modify ${KPATH}`, 'modify stages/prod/runtime/ingress-nginx.yaml']);
    expect(h.read(KPATH)).not.toContain('/spec/path');
    expect(h.errors()).toEqual([]);
  });
});

describe('a pin carries what the pinned version says differently from the stage version', () => {
  /** The example with ingress-nginx 1.1.0 changed, prod-us pinned to it (prod runs 1.0.0, which depends on cert-manager). */
  const pinnedTo = (change: (v: ComponentVersion) => ComponentVersion) => {
    const m = RepoHarness.example().model();
    const changed: Fleet = {
      ...m,
      services: m.services.map((s) =>
        s.name === 'ingress-nginx'
          ? { ...s, versions: s.versions.map((v) => (v.version === '1.1.0' ? change(v) : v)) }
          : s,
      ),
    };
    return withPin(changed, 'prod-us', 'ingress-nginx', '1.1.0');
  };
  /** The spec of runtime-ingress-nginx as the env's build applies it (the stage's object, the env's patch applied). */
  const builtSpec = (m: Fleet, env: string) =>
    new KustomizeWalker(render(m))
      .build(`envs/${env}`)
      .objects.find((o) => o.kind === 'Kustomization' && o.name === 'runtime-ingress-nginx')!.value.spec;

  it.each<[string, (v: ComponentVersion) => ComponentVersion, Record<string, unknown>]>([
    ['nothing', (v) => v, { dependsOn: [{ name: 'runtime-cert-manager' }] }],
    [
      'one more dependency',
      (v) => ({ ...v, dependsOn: ['cert-manager', 'external-dns'] }),
      { dependsOn: [{ name: 'runtime-cert-manager' }, { name: 'runtime-external-dns' }] },
    ],
    ['no dependency', (v) => ({ ...v, dependsOn: [] }), { dependsOn: [] }],
    [
      'a Secret it substitutes from',
      (v) => ({ ...v, requires: { ...v.requires, secrets: ['NGINX_TOKEN'] } }),
      {
        postBuild: {
          substituteFrom: [
            { kind: 'ConfigMap', name: 'stage-config' },
            { kind: 'ConfigMap', name: 'env-config' },
            { kind: 'Secret', name: 'runtime-ingress-nginx' },
          ],
        },
      },
    ],
  ])(
    "%s: the canary builds with the pinned version's, its sibling with the stage's; the envs parse back",
    (_n, change, expected) => {
      const m = pinnedTo(change);
      expect(builtSpec(m, 'prod-us')).toMatchObject({ path: './runtime/ingress-nginx/1.1.0/_base', ...expected });
      expect(builtSpec(m, 'prod-eu')).toMatchObject({
        path: './runtime/ingress-nginx/1.0.0/_base',
        dependsOn: [{ name: 'runtime-cert-manager' }],
      });
      // The envs read back as they were: the carried ops are the pin's, not an override of their own. (Over the
      // example's files, for its encrypted secrets; its released versions' files stay as released.)
      const envs = (f: Fleet) => (comparable(f) as Fleet).environments;
      expect(envs(roundTrip(m, RepoHarness.example().tree))).toEqual(envs(m));
    },
  );

  it('a pin alone carries nothing: only spec.path, as before', () => {
    const patch = render(pinnedTo((v) => v)).read('envs/prod-us/kustomization.yaml')!;
    expect(patch).not.toMatch(/\/spec\/(dependsOn|postBuild|patches)/);
  });
});

it("a stage's component changing renders again the envs that pin it: the pin's carried fields follow", () => {
  // prod runs 1.0.0 (depends on cert-manager); prod-eu pins 1.1.0 (the same: nothing carried); prod moves to a
  // 1.2.0 that depends on nothing, so prod-eu's pin must now carry 1.1.0's dependency.
  const h = RepoHarness.example();
  h.apply({ kind: 'ReleaseComponentVersion', service: 'ingress-nginx', version: '1.2.0', from: '1.1.0' });
  h.editYaml('runtime/ingress-nginx/1.2.0/component.yaml', (doc) => (doc.spec.dependsOn = []));
  h.editYaml(KPATH, pin('ingress-nginx', '1.1.0'));
  const p = h.apply({ kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.2.0' });
  expect(RepoHarness.changed(p)).toEqual([`modify ${KPATH}`, 'modify stages/prod/runtime/ingress-nginx.yaml']);
  const spec = (env: string) =>
    new KustomizeWalker(h.tree)
      .build(`envs/${env}`)
      .objects.find((o) => o.kind === 'Kustomization' && o.name === 'runtime-ingress-nginx')!.value.spec;
  expect(spec('prod-eu')).toMatchObject({
    path: './runtime/ingress-nginx/1.1.0/_base',
    dependsOn: [{ name: 'runtime-cert-manager' }],
  });
  expect(spec('prod-us').dependsOn).toBeUndefined();
});

it('a canary of a version that needs a Secret the stage version does not: planned, the plan says which keys', () => {
  const h = RepoHarness.example().editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (doc) => {
    doc.spec.requires = { ...doc.spec.requires, secrets: ['NGINX_TOKEN'] };
  });
  const p = h.apply({
    kind: 'UpgradeCampaign',
    service: 'ingress-nginx',
    version: '1.1.0',
    waves: [{ stage: 'prod', envs: ['prod-us'] }, { stage: 'prod' }],
  });
  expect(p.needsSecrets).toEqual([{ env: 'prod-us', secret: 'runtime-ingress-nginx', key: 'NGINX_TOKEN' }]);
  // validate says the same (staging runs 1.1.0 too; the hand-edited release is ComponentVersionImmutable).
  expect(h.errors()).toContainEqual(['MissingSecretKey', 'envs/prod-us/secrets/runtime-ingress-nginx.yaml.encrypted']);
  expect(h.errors()).not.toContainEqual([
    'MissingSecretKey',
    'envs/prod-eu/secrets/runtime-ingress-nginx.yaml.encrypted',
  ]);
});
