import { parseYamlValues } from '../../yaml';
import { RepoHarness } from '../../testing';
import { addMetricsServer, expectConsistent, expectRejected } from '../../testing/menuFixtures';

const add = { kind: 'AddComponentToStage', stage: 'prod', service: 'metrics-server' };
const withMetricsServer = () => {
  const h = RepoHarness.example();
  h.apply(addMetricsServer);
  return h;
};
const release = (version: string) => ({
  kind: 'ReleaseComponentVersion',
  service: 'metrics-server',
  version,
  from: '0.7.0',
});
const runtime = (h: RepoHarness, stage: string) =>
  parseYamlValues(h.read(`stages/${stage}/runtime/metrics-server.yaml`))[0] as any;

type Setup = (h: RepoHarness) => unknown;
const none: Setup = () => undefined;

describe('planAddComponentToStage', () => {
  it.each([
    ['the newest version by default', none, {}, '0.7.0', [], undefined],
    [
      'with addons and stage values',
      none,
      { addons: ['ha'], values: { resources: { requests: { cpu: '50m' } } } },
      '0.7.0',
      ['../ha'],
      1,
    ],
    [
      'the newest stable version, not a newer prerelease',
      (h: RepoHarness) => h.apply(release('0.8.0-rc.1')),
      {},
      '0.7.0',
      [],
      undefined,
    ],
    [
      'a version that is not deprecated over a newer deprecated one',
      (h: RepoHarness) =>
        h.apply(release('0.7.1')) &&
        h.apply({ kind: 'DeprecateComponentVersion', service: 'metrics-server', version: '0.7.1' }),
      {},
      '0.7.0',
      [],
      undefined,
    ],
    [
      'a version named in the request',
      (h: RepoHarness) => h.apply(release('0.7.1')),
      { version: '0.7.0' },
      '0.7.0',
      [],
      undefined,
    ],
  ])('%s: adds the stage runtime file', (_name, setup, patch, version, components, patches) => {
    const h = withMetricsServer();
    setup(h);
    const request = { ...add, ...patch };
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual([
      'modify stages/prod/kustomization.yaml',
      'add stages/prod/runtime/metrics-server.yaml',
    ]);
    expect(p.affected).toEqual({ stages: ['prod'], environments: ['prod-eu', 'prod-us'] });
    const k = runtime(h, 'prod');
    expect(k.spec.path).toBe(`./runtime/metrics-server/${version}/_base`);
    expect(k.spec.components).toEqual(components);
    expect(k.spec.patches?.length).toBe(patches);
    expectConsistent(h);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('adds a service that needs a secret, and says which envs lack it', () => {
    const h = RepoHarness.example();
    h.apply({ ...addMetricsServer, requires: { secrets: ['API_TOKEN'] } });
    const p = h.plan(add);
    expect(p.needsSecrets).toEqual([
      { env: 'prod-eu', secret: 'runtime-metrics-server', key: 'API_TOKEN' },
      { env: 'prod-us', secret: 'runtime-metrics-server', key: 'API_TOKEN' },
    ]);
  });

  it.each([
    ['unknown stage', 'UnknownStage', none, { stage: 'qa' }],
    ['unknown service', 'UnknownRuntimeService', none, { service: 'traefik' }],
    ['unknown version', 'UnknownComponentVersion', none, { version: '0.6.0' }],
    ['bad version', 'InvalidSemVer', none, { version: '0.7' }],
    [
      'a service the stage already runs at another version',
      'DuplicateName',
      none,
      { service: 'ingress-nginx', version: '1.1.0' },
    ],
    [
      'a service the stage already runs with other addons',
      'DuplicateName',
      none,
      { service: 'ingress-nginx', addons: [] },
    ],
    ['an unknown addon', 'UnknownAddon', none, { addons: ['vpa'] }],
    [
      'an addon only another version has',
      'AddonIncompatible',
      (h: RepoHarness) => h.apply({ ...release('0.8.0'), addAddons: [{ name: 'vpa' }] }),
      { version: '0.7.0', addons: ['vpa'] },
    ],
    ['an addon twice', 'DuplicateName', none, { addons: ['ha', 'ha'] }],
    [
      'a prerelease into prod',
      'PrereleaseNotAllowed',
      (h: RepoHarness) => h.apply(release('0.8.0-rc.1')),
      { version: '0.8.0-rc.1' },
    ],
    [
      'only prereleases on the menu',
      'PrereleaseNotAllowed',
      (h: RepoHarness) => h.apply({ ...addMetricsServer, name: 'keda', version: '2.0.0-rc.1' }),
      { service: 'keda' },
    ],
    [
      'every version past its sunset',
      'SunsetVersion',
      (h: RepoHarness) =>
        h.apply({
          kind: 'DeprecateComponentVersion',
          service: 'metrics-server',
          version: '0.7.0',
          sunset: '2026-01-01',
        }),
      {},
    ],
    [
      'a dependency the stage does not run',
      'UnknownDependency',
      (h: RepoHarness) => h.apply({ ...addMetricsServer, name: 'vpa', dependsOn: ['metrics-server'] }),
      { service: 'vpa' },
    ],
    [
      'a config key no env sets',
      'MissingConfigKey',
      (h: RepoHarness) => h.apply({ ...addMetricsServer, name: 'vpa', requires: { config: ['vpa_mode'] } }),
      { service: 'vpa' },
    ],
    ['malformed request', 'InvalidRequest', none, { addons: 'ha' }],
  ] as const)('%s -> %s', (_name, code, setup, patch) => {
    const h = withMetricsServer();
    setup(h);
    expectRejected(h, { ...add, ...patch }, code);
  });
});
