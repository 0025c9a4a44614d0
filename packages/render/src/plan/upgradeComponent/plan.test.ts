import { RepoHarness } from '../../testing';
import { expectConsistent, expectRejected } from '../../testing/menuFixtures';

const upgrade = { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' };
const release = (version: string, patch: Record<string, unknown> = {}) => ({
  kind: 'ReleaseComponentVersion',
  service: 'ingress-nginx',
  version,
  from: '1.1.0',
  ...patch,
});

type Setup = (h: RepoHarness) => unknown;
const none: Setup = () => undefined;

describe('planUpgradeComponent', () => {
  it.each([
    ['prod to the version staging runs', none, upgrade, ['prod-eu', 'prod-us']],
    [
      'staging to a prerelease (staging allows them)',
      (h: RepoHarness) => h.apply(release('1.2.0-rc.1')),
      { ...upgrade, stage: 'staging', version: '1.2.0-rc.1' },
      ['staging-eu'],
    ],
  ])('%s: touches only the stage runtime file', (_name, setup, request, envs) => {
    const h = RepoHarness.example();
    setup(h);
    const file = `stages/${request.stage}/runtime/ingress-nginx.yaml`;
    const before = h.read(file);
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual([`modify ${file}`]);
    expect(p.affected).toEqual({ stages: [request.stage], environments: envs });
    expect(p.diff).toContain(`+  path: ./runtime/ingress-nginx/${request.version}/_base`);
    // Only the path moves: addons (in order), dependsOn and the rest stay.
    expect(h.read(file)).toBe(
      before.replace(/runtime\/ingress-nginx\/[^/]+\/_base/, `runtime/ingress-nginx/${request.version}/_base`),
    );
    expectConsistent(h);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('keeps env overrides that still fit (prod-us disables metrics)', () => {
    const h = RepoHarness.example();
    const envBefore = h.read('envs/prod-us/kustomization.yaml');
    h.apply(upgrade);
    expect(h.read('envs/prod-us/kustomization.yaml')).toBe(envBefore);
    expect(h.model().environments.find((e) => e.name === 'prod-us')!.addonOverrides).toEqual([
      { service: 'ingress-nginx', addon: 'metrics', action: 'disable' },
    ]);
  });

  it('plans to a deprecated version with a warning', () => {
    const h = RepoHarness.example();
    h.apply(release('1.2.0'));
    h.apply({
      kind: 'DeprecateComponentVersion',
      service: 'ingress-nginx',
      version: '1.2.0',
      message: 'Broken; wait for 1.2.1.',
    });
    const p = h.plan({ ...upgrade, stage: 'staging', version: '1.2.0' });
    expect(p.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['DeprecatedVersion', 'stages/staging/runtime/ingress-nginx.yaml'],
    ]);
  });

  it('names the addon the new version lacks', () => {
    const h = RepoHarness.example();
    h.apply(release('1.2.0', { removeAddons: ['nodeport', 'internal-lb'] }));
    const e = expectRejected(h, { ...upgrade, stage: 'staging', version: '1.2.0' }, 'AddonIncompatible');
    expect(e.message).toContain('"nodeport"');
    expect(e.path).toBe('stages/staging/runtime/ingress-nginx.yaml');
  });

  it('refuses when an env override no longer fits the new version', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'EnableAddon', env: 'staging-eu', service: 'ingress-nginx', addon: 'metrics' });
    h.apply(release('1.2.0', { removeAddons: ['metrics'] }));
    const e = expectRejected(h, { ...upgrade, stage: 'staging', version: '1.2.0' }, 'AddonIncompatible');
    expect(e.path).toBe('envs/staging-eu/kustomization.yaml');
  });

  it.each([
    ['unknown stage', 'UnknownStage', none, { stage: 'qa' }],
    ['unknown service', 'UnknownRuntimeService', none, { service: 'traefik' }],
    [
      'a service the stage does not run',
      'UnknownRuntimeService',
      (h: RepoHarness) => h.apply({ kind: 'RemoveComponentFromStage', stage: 'staging', service: 'external-dns' }),
      { stage: 'staging', service: 'external-dns', version: '1.0.0' },
    ],
    ['unknown version', 'UnknownComponentVersion', none, { version: '1.5.0' }],
    ['bad version', 'InvalidSemVer', none, { version: 'latest' }],
    ['an older version (no component rollback)', 'Downgrade', none, { stage: 'staging', version: '1.0.0' }],
    [
      'a prerelease into prod',
      'PrereleaseNotAllowed',
      (h: RepoHarness) => h.apply(release('1.2.0-rc.1')),
      { version: '1.2.0-rc.1' },
    ],
    [
      'a version past its sunset',
      'SunsetVersion',
      (h: RepoHarness) =>
        h.apply(release('1.2.0')) &&
        h.apply({
          kind: 'DeprecateComponentVersion',
          service: 'ingress-nginx',
          version: '1.2.0',
          sunset: '2026-10-01',
        }),
      { version: '1.2.0' },
    ],
    ['malformed request', 'InvalidRequest', none, { stage: undefined }],
  ] as const)('%s -> %s', (_name, code, setup, patch) => {
    const h = RepoHarness.example();
    setup(h);
    expectRejected(h, { ...upgrade, ...patch }, code);
  });
});
