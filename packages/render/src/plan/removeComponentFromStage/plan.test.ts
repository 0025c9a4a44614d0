import { RepoHarness } from '../../testing';
import { addMetricsServer, expectConsistent, expectRejected } from '../../testing/menuFixtures';

const remove = { kind: 'RemoveComponentFromStage', stage: 'staging', service: 'external-dns' };

type Setup = (h: RepoHarness) => unknown;
const none: Setup = () => undefined;
const metricsServerInProd: Setup = (h) =>
  h.apply(addMetricsServer) &&
  h.apply({ kind: 'AddComponentToStage', stage: 'prod', service: 'metrics-server' }) &&
  h.apply({ kind: 'EnableAddon', env: 'prod-eu', service: 'metrics-server', addon: 'ha' });

const metricsServerPinnedInProd: Setup = (h) =>
  h.apply(addMetricsServer) &&
  h.apply({ kind: 'AddComponentToStage', stage: 'prod', service: 'metrics-server' }) &&
  h.apply({ kind: 'ReleaseComponentVersion', service: 'metrics-server', version: '0.8.0', from: '0.7.0' }) &&
  h.editYaml('envs/prod-us/kustomization.yaml', (k) => {
    k.patches = [
      ...(k.patches ?? []),
      {
        target: { kind: 'Kustomization', name: 'runtime-metrics-server' },
        patch: '- op: replace\n  path: /spec/path\n  value: ./runtime/metrics-server/0.8.0/_base\n',
      },
    ];
  });

describe('planRemoveComponentFromStage', () => {
  it.each([
    [
      'a component nothing depends on',
      none,
      remove,
      ['modify stages/staging/kustomization.yaml', 'delete stages/staging/runtime/external-dns.yaml'],
      ['staging-eu'],
    ],
    [
      'a component an env overrides (the override goes with it)',
      metricsServerInProd,
      { ...remove, stage: 'prod', service: 'metrics-server' },
      [
        'modify envs/prod-eu/kustomization.yaml',
        'modify stages/prod/kustomization.yaml',
        'delete stages/prod/runtime/metrics-server.yaml',
      ],
      ['prod-eu', 'prod-us'],
    ],
    [
      "a component an env pins (a campaign's canary: the pin goes with it)",
      metricsServerPinnedInProd,
      { ...remove, stage: 'prod', service: 'metrics-server' },
      [
        'modify envs/prod-us/kustomization.yaml',
        'modify stages/prod/kustomization.yaml',
        'delete stages/prod/runtime/metrics-server.yaml',
      ],
      ['prod-eu', 'prod-us'],
    ],
  ])('%s', (_name, setup, request, changed, envs) => {
    const h = RepoHarness.example();
    setup(h);
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.affected).toEqual({ stages: [request.stage], environments: envs });
    expect(
      h
        .model()
        .environments.flatMap((e) => [...e.addonOverrides, ...(e.versionOverrides ?? [])])
        .filter((o) => o.service === request.service),
    ).toEqual([]);
    expectConsistent(h);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('keeps the env secrets of the component (removed on purpose, not by accident)', () => {
    const h = RepoHarness.example();
    h.apply(remove);
    expect(h.tree.read('envs/staging-eu/secrets/runtime-external-dns.yaml.encrypted')).toBeDefined();
  });

  it('names everything in the stage that depends on the component', () => {
    const e = expectRejected(
      RepoHarness.example(),
      { ...remove, stage: 'prod', service: 'cert-manager' },
      'UnknownDependency',
    );
    expect(e.message).toContain('ingress-nginx 1.0.0 in stage "prod" depends on cert-manager');
  });

  it.each([
    ['a component another runtime component needs', 'UnknownDependency', none, { service: 'cert-manager' }],
    [
      'a component an app deployed in the stage needs',
      'UnknownDependency',
      none,
      { stage: 'prod', service: 'ingress-nginx' },
    ],
    ['unknown stage', 'UnknownStage', none, { stage: 'qa' }],
    ['unknown service', 'UnknownRuntimeService', none, { service: 'traefik' }],
    ['malformed request', 'InvalidRequest', none, { service: undefined }],
  ] as const)('%s -> %s', (_name, code, setup, patch) => {
    const h = RepoHarness.example();
    setup(h);
    expectRejected(h, { ...remove, ...patch }, code);
  });
});
