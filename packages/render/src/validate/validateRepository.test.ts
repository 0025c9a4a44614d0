import { RepoHarness, TEST_NOW } from '../testing';

/**
 * The example fleet damaged the way people damage repositories. Each case must
 * give its typed code naming the file (never a throw), and the clean example none.
 */
describe('validateRepository', () => {
  it('finds nothing wrong with the example fleet', () => {
    expect(RepoHarness.example().validate()).toEqual([]);
  });

  it('finds nothing wrong with the empty fleet', () => {
    expect(RepoHarness.empty().validate()).toEqual([]);
  });

  // spec.path is relative to its source's root: only a GitRepository's is this repository's (check resolves the rest).
  it.each([
    ['ExternalArtifact', []],
    ['OCIRepository', []],
    ['Bucket', []],
    ['GitRepository', [['MissingPath', 'infrastructure/configs']]],
  ])(
    'a Flux Kustomization whose source is a %s: its path is built in this repository only for a GitRepository',
    (kind, expected) => {
      const h = RepoHarness.example();
      h.writeYaml('envs/prod-eu/infrastructure.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'infra-configs', namespace: 'flux-system' },
        spec: {
          interval: '1h',
          sourceRef: { kind, name: 'infrastructure' },
          path: './infrastructure/configs',
          prune: true,
        },
      });
      h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('infrastructure.yaml'));
      expect(h.validate().map((d) => [d.code, d.path])).toEqual(expected);
    },
  );

  type Damage = (h: RepoHarness) => unknown;
  const cases: [string, Damage, string, string][] = [
    [
      'a referenced component version removed',
      (h) => h.delete('runtime/ingress-nginx/1.0.0'),
      'UnknownComponentVersion',
      'stages/prod/runtime/ingress-nginx.yaml',
    ],
    [
      'an unknown addon in a stage',
      (h) => h.editYaml('stages/staging/runtime/ingress-nginx.yaml', (k) => k.spec.components.push('../nope')),
      'UnknownAddon',
      'stages/staging/runtime/ingress-nginx.yaml',
    ],
    [
      'conflicting addons in a stage',
      (h) => h.editYaml('stages/staging/runtime/ingress-nginx.yaml', (k) => k.spec.components.push('../internal-lb')),
      'AddonConflict',
      'stages/staging/runtime/ingress-nginx.yaml',
    ],
    [
      'a dependsOn cycle between runtime Kustomizations',
      (h) =>
        h.editYaml(
          'stages/prod/runtime/cert-manager.yaml',
          (k) => (k.spec.dependsOn = [{ name: 'runtime-ingress-nginx' }]),
        ),
      'DependencyCycle',
      'envs/prod-eu',
    ],
    [
      'a dangling dependsOn',
      (h) =>
        h.editYaml('stages/prod/runtime/cert-manager.yaml', (k) => (k.spec.dependsOn = [{ name: 'runtime-nope' }])),
      'UnknownDependency',
      'stages/prod/runtime/cert-manager.yaml',
    ],
    [
      'an invalid tenant name',
      (h) => h.editYaml('platter.yaml', (p) => (p.spec.tenants[0].name = 'Team_A')),
      'InvalidName',
      'platter.yaml',
    ],
    [
      'a plaintext Secret where an encrypted one belongs',
      (h) =>
        h.writeYaml('envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted', {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'runtime-external-dns', namespace: 'flux-system' },
          stringData: { EXTERNAL_DNS_API_TOKEN: 'hunter2' },
        }),
      'NotEncrypted',
      'envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted',
    ],
    [
      'a plaintext Secret in an app',
      (h) =>
        h
          .writeYaml('apps/shop/base/db.yaml', {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'db', namespace: 'team-a' },
            data: { password: 'aHVudGVyMg==' },
          })
          .editYaml('apps/shop/base/kustomization.yaml', (k) => k.resources.push('db.yaml')),
      'NotEncrypted',
      'apps/shop/base/db.yaml',
    ],
    [
      'an addon whose patch target is missing from _base (an unreleased version)',
      (h) => {
        for (const p of h.tree.list('runtime/ingress-nginx/1.1.0')) h.write(p.replace('/1.1.0/', '/1.2.0/'), h.read(p));
        h.editYaml('runtime/ingress-nginx/1.2.0/component.yaml', (c) => {
          c.spec.version = '1.2.0';
          delete c.spec.digest;
        });
        h.editYaml(
          'runtime/ingress-nginx/1.2.0/metrics/patch.yaml',
          (p) => (p.metadata.name = 'ingress-nginx-controller'),
        );
      },
      'MissingPatchTarget',
      'runtime/ingress-nginx/1.2.0/metrics/kustomization.yaml',
    ],
    [
      'two objects with the same id in one env',
      (h) =>
        h
          .writeYaml('envs/prod-eu/extra.yaml', {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'env-config', namespace: 'flux-system' },
            data: { a: 'b' },
          })
          .editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('extra.yaml')),
      'DuplicateResourceId',
      'envs/prod-eu/extra.yaml',
    ],
    [
      'a hand edit inside a released version',
      (h) =>
        h.edit('runtime/ingress-nginx/1.0.0/_base/release.yaml', (t) =>
          t.replace('replicaCount: 2', 'replicaCount: 5'),
        ),
      'ComponentVersionImmutable',
      'runtime/ingress-nginx/1.0.0',
    ],
    [
      'a Component listed under resources',
      (h) => h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('../../stages/staging')),
      'ComponentUnderResources',
      'envs/prod-eu/kustomization.yaml',
    ],
    [
      'a Kustomization listed under components',
      (h) => h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.components.push('../../tenants/team-a/base')),
      'KustomizationUnderComponents',
      'envs/prod-eu/kustomization.yaml',
    ],
    [
      'namespace: in a Component',
      (h) => h.editYaml('stages/prod/kustomization.yaml', (k) => (k.namespace = 'flux-system')),
      'NamespaceInComponent',
      'stages/prod/kustomization.yaml',
    ],
    [
      'a missing file',
      (h) => h.delete('envs/prod-eu/env-config.yaml'),
      'MissingFile',
      'envs/prod-eu/kustomization.yaml',
    ],
    [
      'a tenant Kustomization without its service account',
      (h) => h.editYaml('tenants/team-a/prod/shop.yaml', (k) => delete k.spec.serviceAccountName),
      'MissingServiceAccount',
      'tenants/team-a/prod/shop.yaml',
    ],
    [
      'a tenant Kustomization reading a source in another namespace',
      (h) =>
        h.editYaml(
          'tenants/team-a/prod/shop.yaml',
          (k) => (k.spec.sourceRef = { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' }),
        ),
      'CrossNamespaceSource',
      'tenants/team-a/prod/shop.yaml',
    ],
    [
      'a cluster-scoped object in a tenant app',
      (h) =>
        h
          .writeYaml('apps/shop/base/role.yaml', {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'shop' },
          })
          .editYaml('apps/shop/base/kustomization.yaml', (k) => k.resources.push('role.yaml')),
      'ClusterScopedInTenantPath',
      'apps/shop/base/role.yaml',
    ],
    [
      'an undefined ${var} in an app',
      (h) => h.editYaml('apps/shop/base/release.yaml', (r) => (r.spec.values.ingress.host = 'shop.${dns_zone}')),
      'UnresolvedVariable',
      'tenants/team-a/prod/shop.yaml',
    ],
    [
      'a prerelease pinned in prod',
      (h) => h.editYaml('apps/shop/prod/release.yaml', (r) => (r.spec.chart.spec.version = '1.3.0-rc.1')),
      'PrereleaseNotAllowed',
      'apps/shop/prod/release.yaml',
    ],
    [
      'a version past its sunset',
      (h) =>
        h.editYaml(
          'runtime/ingress-nginx/1.0.0/component.yaml',
          (c) => (c.spec.lifecycle = { status: 'deprecated', sunset: '2026-01-31' }),
        ),
      'SunsetVersion',
      'stages/prod/runtime/ingress-nginx.yaml',
    ],
    [
      'a missing secret key',
      (h) =>
        h
          .delete('envs/prod-us/secrets/runtime-external-dns.yaml.encrypted')
          .editYaml(
            'envs/prod-us/kustomization.yaml',
            (k) => (k.resources = k.resources.filter((r: string) => !r.startsWith('secrets/'))),
          ),
      'MissingSecretKey',
      'envs/prod-us/secrets/runtime-external-dns.yaml.encrypted',
    ],
    [
      'a missing config key',
      (h) => h.editYaml('stages/prod/stage-config.yaml', (c) => delete c.data.domain),
      'MissingConfigKey',
      'envs/prod-eu/env-config.yaml',
    ],
    [
      'an env override that the stage made stale',
      (h) => h.editYaml('stages/prod/runtime/ingress-nginx.yaml', (k) => (k.spec.components = [])),
      'StaleOverride',
      'envs/prod-us/kustomization.yaml',
    ],
    [
      'an app in a stage its tenant is not onboarded into',
      (h) => {
        for (const p of h.tree.list('apps/billing/envs/staging-eu'))
          h.write(p.replace('envs/staging-eu', 'prod'), h.read(p).replace('../../base', '../base'));
      },
      'TenantNotInStage',
      'apps/billing/prod/kustomization.yaml',
    ],
    [
      'an env pointing at a stage that does not exist',
      (h) => h.editYaml('envs/prod-eu/kustomization.yaml', (k) => (k.components = ['../../stages/prdo'])),
      'UnknownStage',
      'envs/prod-eu/kustomization.yaml',
    ],
    [
      'a file outside the kustomization root',
      (h) => h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('../prod-us/env-config.yaml')),
      'PathEscape',
      'envs/prod-eu/kustomization.yaml',
    ],
    [
      'YAML that does not parse',
      (h) => h.write('stages/prod/stage-config.yaml', 'data: [unclosed\n'),
      'InvalidManifest',
      'stages/prod/stage-config.yaml',
    ],
    [
      'a tenant namespace taken by the platform',
      (h) => h.editYaml('platter.yaml', (p) => (p.spec.tenants[0].namespaces = ['kube-system'])),
      'ReservedNamespace',
      'platter.yaml',
    ],
    [
      'two tenants sharing a namespace',
      (h) => h.editYaml('platter.yaml', (p) => (p.spec.tenants[1].namespaces = ['team-a'])),
      'NamespaceCollision',
      'platter.yaml',
    ],
  ];

  it.each(cases.map(([name, damage, code, path]) => [name, code, path, damage] as const))(
    '%s -> %s at %s',
    (_name, code, path, damage) => {
      const h = RepoHarness.example();
      damage(h);
      let errors: [string, string | undefined][] = [];
      expect(() => (errors = h.errors(TEST_NOW))).not.toThrow();
      expect(errors).toContainEqual([code, path]);
    },
  );

  it('reports a deprecated version as a warning, not an error', () => {
    const h = RepoHarness.example().editYaml(
      'runtime/ingress-nginx/1.0.0/component.yaml',
      (c) => (c.spec.lifecycle = { status: 'deprecated', sunset: '2027-06-30', message: 'move to 1.1.0' }),
    );
    const found = h.validate();
    expect(found.filter((d) => d.severity === 'error')).toEqual([]);
    expect(found.map((d) => [d.code, d.severity])).toContainEqual(['DeprecatedVersion', 'warning']);
  });
});

describe("a generated ConfigMap or Secret an env's Flux Kustomization substitutes from (an adopted repository's vars/)", () => {
  const ENC = 'ENC[AES256_GCM,data:c2hvcA==,iv:aXY=,tag:dGFn,type:str]';
  /** prod-eu gets a hand-kept vars/ directory and a Flux Kustomization whose manifest uses ${web_host}. */
  const withVars = (generator: Record<string, unknown>, files: Record<string, string>, kind = 'ConfigMap') => {
    const h = RepoHarness.example()
      .writeYaml('envs/prod-eu/vars/kustomization.yaml', {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'flux-system',
        ...generator,
        generatorOptions: { disableNameSuffixHash: true },
      })
      .writeYaml('envs/prod-eu/extra.yaml', {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'extra', namespace: 'flux-system' },
        spec: {
          interval: '1h',
          path: './unmanaged/extra',
          prune: true,
          sourceRef: { kind: 'GitRepository', name: 'flux-system' },
          postBuild: { substituteFrom: [{ kind, name: 'cluster-vars' }] },
        },
      })
      .writeYaml('unmanaged/extra/kustomization.yaml', {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['settings.yaml'],
      })
      .writeYaml('unmanaged/extra/settings.yaml', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'web', namespace: 'default' },
        data: { host: '${web_host}' },
      })
      .editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('vars', 'extra.yaml'));
    for (const [path, text] of Object.entries(files)) h.write(`envs/prod-eu/vars/${path}`, text);
    return h;
  };

  it.each<[string, Record<string, unknown>, Record<string, string>, [string, string | undefined][], string]>([
    [
      'an envs file',
      { configMapGenerator: [{ name: 'cluster-vars', envs: ['cluster.env'] }] },
      { 'cluster.env': 'web_host=shop.example.com\n' },
      [],
      'ConfigMap',
    ],
    [
      'literals',
      { configMapGenerator: [{ name: 'cluster-vars', literals: ['web_host=shop.example.com'] }] },
      {},
      [],
      'ConfigMap',
    ],
    [
      'a file by key',
      { configMapGenerator: [{ name: 'cluster-vars', files: ['web_host=host.txt'] }] },
      { 'host.txt': 'shop.example.com' },
      [],
      'ConfigMap',
    ],
    [
      'a secretGenerator of a SOPS-encrypted env file',
      { secretGenerator: [{ name: 'cluster-vars', envs: ['cluster.env'] }] },
      { 'cluster.env': `web_host=${ENC}\nsops_mac=${ENC}\nsops_version=3.9.0\n` },
      [],
      'Secret',
    ],
    [
      'a secretGenerator of a file SOPS encrypted whole',
      { secretGenerator: [{ name: 'cluster-vars', files: ['web_host=host.json'] }] },
      { 'host.json': JSON.stringify({ data: ENC, sops: { version: '3.9.0' } }) },
      [],
      'Secret',
    ],
    [
      'a secretGenerator of a plaintext env file',
      { secretGenerator: [{ name: 'cluster-vars', envs: ['cluster.env'] }] },
      { 'cluster.env': 'web_host=x\n' },
      [['NotEncrypted', 'envs/prod-eu/vars/kustomization.yaml']],
      'Secret',
    ],
    [
      'a secretGenerator of literals',
      { secretGenerator: [{ name: 'cluster-vars', literals: ['web_host=x'] }] },
      {},
      [['NotEncrypted', 'envs/prod-eu/vars/kustomization.yaml']],
      'Secret',
    ],
    [
      'an envs file without the key',
      { configMapGenerator: [{ name: 'cluster-vars', envs: ['cluster.env'] }] },
      { 'cluster.env': 'region=eu\n' },
      [['UnresolvedVariable', 'envs/prod-eu/extra.yaml']],
      'ConfigMap',
    ],
    [
      'a missing envs file',
      { configMapGenerator: [{ name: 'cluster-vars', envs: ['cluster.env'] }] },
      {},
      [
        ['UnresolvedVariable', 'envs/prod-eu/extra.yaml'],
        ['MissingFile', 'envs/prod-eu/vars/kustomization.yaml'],
      ],
      'ConfigMap',
    ],
  ])('%s', (_name, generator, files, errors, kind) => {
    expect(withVars(generator, files, kind).errors()).toEqual(errors);
  });
});
