import { parseYamlValues } from '../../yaml';
import { RepoHarness } from '../../testing';
import { addMetricsServer, expectConsistent, expectRejected } from '../../testing/menuFixtures';

const metricsServerFiles = [
  'add runtime/metrics-server/0.7.0/_base/kustomization.yaml',
  'add runtime/metrics-server/0.7.0/_base/namespace.yaml',
  'add runtime/metrics-server/0.7.0/_base/release.yaml',
  'add runtime/metrics-server/0.7.0/_base/source.yaml',
  'add runtime/metrics-server/0.7.0/component.yaml',
  'add runtime/metrics-server/0.7.0/ha/kustomization.yaml',
  'add runtime/metrics-server/0.7.0/ha/patch.yaml',
];

describe('planAddRuntimeService', () => {
  it.each([
    ['a service with an addon', {}, metricsServerFiles, 'metrics-server'],
    ['its own namespace', { namespace: 'monitoring' }, metricsServerFiles, 'monitoring'],
    [
      'required secret keys (a credentials Secret fed from each env)',
      { addons: [], requires: { secrets: ['API_TOKEN'] } },
      [
        'add runtime/metrics-server/0.7.0/_base/credentials.yaml',
        'add runtime/metrics-server/0.7.0/_base/kustomization.yaml',
        'add runtime/metrics-server/0.7.0/_base/namespace.yaml',
        'add runtime/metrics-server/0.7.0/_base/release.yaml',
        'add runtime/metrics-server/0.7.0/_base/source.yaml',
        'add runtime/metrics-server/0.7.0/component.yaml',
      ],
      'metrics-server',
    ],
  ])('%s: touches only the new version directory', (_name, patch, changed, namespace) => {
    const h = RepoHarness.example();
    const p = h.apply({ ...addMetricsServer, ...patch });
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.review).toBe('direct');
    expect(p.affected).toEqual({ stages: [], environments: [] });
    const component = parseYamlValues(h.read('runtime/metrics-server/0.7.0/component.yaml'))[0] as any;
    expect(component.spec).toMatchObject({
      version: '0.7.0',
      namespace,
      lifecycle: { status: 'stable' },
      digest: expect.stringMatching(/^sha256:/),
    });
    expect(h.read('runtime/metrics-server/0.7.0/_base/namespace.yaml')).toContain(`name: ${namespace}`);
    expect(h.validate()).toEqual([]);
    // The sealed digest is what the files hash to, and the parsed model renders to the same bytes.
    const v = h.model().services.find((s) => s.name === 'metrics-server')!.versions[0]!;
    expect(v.digest).toBe(v.facts?.computedDigest);
    expectConsistent(h);
  });

  it('needs platform review when a tenant asks', () => {
    expect(RepoHarness.example().plan(addMetricsServer, { kind: 'tenant', tenant: 'team-a' }).review).toBe(
      'platform-review',
    );
  });

  it('is empty when re-applied', () => {
    const h = RepoHarness.example();
    h.apply(addMetricsServer);
    expect(h.plan(addMetricsServer).changes).toEqual([]);
  });

  it('is empty for a version already on the menu with the same content', () => {
    const h = RepoHarness.example();
    const certManager = {
      kind: 'AddRuntimeService',
      name: 'cert-manager',
      description: 'X.509 certificates for Kubernetes (cert-manager).',
      chart: { repository: 'https://charts.jetstack.io', name: 'cert-manager', version: 'v1.16.2' },
      values: { crds: { enabled: true, keep: true } },
    };
    expect(h.plan(certManager).changes).toEqual([]);
  });

  it.each([
    ['invalid name', 'InvalidName', { name: 'Metrics' }],
    ['reserved name', 'ReservedName', { name: 'base' }],
    ['invalid addon name', 'InvalidName', { addons: [{ name: 'HA' }] }],
    ['bad version', 'InvalidSemVer', { version: 'v0.7.0' }],
    ['a service already on the menu', 'DuplicateName', { name: 'ingress-nginx', version: '2.0.0' }],
    ['a released version with other content', 'ComponentVersionExists', { name: 'cert-manager', version: '1.0.0' }],
    ['a dependency not on the menu', 'UnknownDependency', { dependsOn: ['prometheus'] }],
    [
      'an addon conflicting with one it does not have',
      'UnknownAddon',
      { addons: [{ name: 'ha', conflictsWith: ['single'] }] },
    ],
    [
      'a chart repository that is not a URL',
      'InvalidManifest',
      { chart: { ...addMetricsServer.chart, repository: 'charts.example.com' } },
    ],
    ['installing into flux-system', 'ReservedNamespace', { namespace: 'flux-system' }],
    ['malformed request', 'InvalidRequest', { chart: undefined }],
  ] as const)('%s -> %s', (_name, code, patch) => {
    expectRejected(RepoHarness.example(), { ...addMetricsServer, ...patch }, code);
  });
});
