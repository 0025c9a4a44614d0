import fc from 'fast-check';
import { layout, objectNames, pathOwner } from '@platter/model';
import { RepoHarness } from '../testing';
import { KustomizeWalker } from '../parse/kustomizeWalk';
import { parseYamlValues, toYaml } from '../yaml';

/**
 * Issue 22 item 2: a tenant-owned directory (`tenants/<t>/<stage>/`,
 * `tenants/<t>/envs/<env>/`) is built into the env and applied by flux-system
 * with cluster-admin rights, so it may hold only what runs with the tenant's
 * rights (checkTenantPaths.ts).
 */

const CRB = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'team-a-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'team-a', namespace: 'team-a' }],
};

/** A Flux Kustomization as Platter writes it into a tenant path, with `edit` applied. */
const fluxKustomization = (edit: (k: any) => void = () => undefined) => {
  const k: any = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'extra', namespace: 'team-a' },
    spec: {
      interval: '10m',
      path: './apps/shop/staging',
      prune: true,
      serviceAccountName: 'team-a',
      sourceRef: { kind: 'GitRepository', name: 'platter' },
    },
  };
  edit(k);
  return k;
};

/** The example fleet with `objects` added to tenants/team-a/staging/ as extra.yaml, listed in its kustomization. */
function withTenantFile(...objects: unknown[]): RepoHarness {
  return RepoHarness.example()
    .writeYaml('tenants/team-a/staging/extra.yaml', ...objects)
    .editYaml('tenants/team-a/staging/kustomization.yaml', (k) => k.resources.push('extra.yaml'));
}

const tenantFindings = (h: RepoHarness) =>
  h.errors().filter(([code]) => code === 'ClusterScopedInTenantPath' || code === 'PrivilegedInTenantPath');

describe('a tenant-owned directory is applied with cluster-admin rights (issue 22 item 2)', () => {
  it('a ClusterRoleBinding of the tenant to cluster-admin in tenants/<t>/<stage>/ is ClusterScopedInTenantPath', () => {
    const h = withTenantFile(CRB);
    expect(tenantFindings(h)).toContainEqual(['ClusterScopedInTenantPath', 'tenants/team-a/staging/extra.yaml']);
  });

  it.each<[string, unknown, string]>([
    [
      'a RoleBinding',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'x', namespace: 'team-a' },
        roleRef: CRB.roleRef,
        subjects: CRB.subjects,
      },
      'PrivilegedInTenantPath',
    ],
    [
      'a Secret in flux-system',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'x', namespace: 'flux-system' },
        stringData: { a: '${A}' },
      },
      'PrivilegedInTenantPath',
    ],
    [
      'a ConfigMap in its own namespace',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team-a' } },
      'PrivilegedInTenantPath',
    ],
    [
      'a HelmRelease',
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'x', namespace: 'team-a' },
        spec: {},
      },
      'PrivilegedInTenantPath',
    ],
    ['a Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'evil' } }, 'ClusterScopedInTenantPath'],
    [
      'a Kustomization in flux-system',
      fluxKustomization((k) => (k.metadata.namespace = 'flux-system')),
      'PrivilegedInTenantPath',
    ],
    [
      "a Kustomization in another tenant's namespace",
      fluxKustomization((k) => ((k.metadata.namespace = 'team-b'), (k.spec.serviceAccountName = 'team-b'))),
      'PrivilegedInTenantPath',
    ],
    [
      'a Kustomization without serviceAccountName',
      fluxKustomization((k) => delete k.spec.serviceAccountName),
      'PrivilegedInTenantPath',
    ],
    [
      'a Kustomization as kustomize-controller',
      fluxKustomization((k) => (k.spec.serviceAccountName = 'kustomize-controller')),
      'PrivilegedInTenantPath',
    ],
    [
      'a Kustomization as another tenant',
      fluxKustomization((k) => (k.spec.serviceAccountName = 'team-b')),
      'PrivilegedInTenantPath',
    ],
  ])('%s', (_name, object, code) => {
    expect(tenantFindings(withTenantFile(object))).toContainEqual([code, 'tenants/team-a/staging/extra.yaml']);
  });

  it('a Flux Kustomization in the tenant namespace, as the tenant: allowed', () => {
    expect(tenantFindings(withTenantFile(fluxKustomization()))).toEqual([]);
  });

  it.each<[string, (k: any) => void]>([
    [
      'a patch on the platform base',
      (k) =>
        (k.patches = [
          {
            target: { kind: 'RoleBinding' },
            patch: '[{"op":"replace","path":"/roleRef/name","value":"cluster-admin"}]',
          },
        ]),
    ],
    ['a component', (k) => (k.components = ['../../../stages/prod'])],
    ['another directory', (k) => k.resources.push('../../team-b/base')],
    ['the runtime', (k) => k.resources.push('../../../runtime/ingress-nginx/1.0.0/_base')],
    ['a namespace transformer', (k) => (k.namespace = 'flux-system')],
    ['a generator', (k) => (k.configMapGenerator = [{ name: 'x', literals: ['a=b'] }])],
  ])('its kustomization.yaml may not carry %s', (_name, edit) => {
    const h = RepoHarness.example().editYaml('tenants/team-a/staging/kustomization.yaml', edit);
    expect(h.errors()).toContainEqual(['PrivilegedInTenantPath', 'tenants/team-a/staging/kustomization.yaml']);
  });

  it('an env-only binding (tenants/<t>/envs/<env>/) is held to the same rules', () => {
    const h = RepoHarness.example()
      .writeYaml('tenants/team-b/envs/staging-eu/extra.yaml', {
        ...CRB,
        subjects: [{ kind: 'ServiceAccount', name: 'team-b', namespace: 'team-b' }],
      })
      .editYaml('tenants/team-b/envs/staging-eu/kustomization.yaml', (k) => k.resources.push('extra.yaml'));
    expect(tenantFindings(h)).toContainEqual([
      'ClusterScopedInTenantPath',
      'tenants/team-b/envs/staging-eu/extra.yaml',
    ]);
  });
});

describe("every tenant-writable path of the example fleet runs with no more than the tenant's rights", () => {
  const h = RepoHarness.example();
  const fleet = h.model();
  const files = h.tree.list('').filter((p) => pathOwner([fleet], p).kind === 'tenant');
  const tenantDirs = [
    ...new Set(files.filter((p) => p.startsWith(`${layout.tenantsDir}/`)).map((p) => p.slice(0, p.lastIndexOf('/')))),
  ].sort();

  it('has tenant-writable binding directories to check', () => {
    expect(tenantDirs).toEqual(['tenants/team-a/prod', 'tenants/team-a/staging', 'tenants/team-b/envs/staging-eu']);
  });

  it.each(tenantDirs)(
    '%s: every object from a tenant file is a Flux Kustomization in the tenant namespace, as the tenant',
    (dir) => {
      const tenant = dir.split('/')[1]!;
      const namespaces = fleet.tenants.find((t) => t.name === tenant)!.namespaces;
      const built = new KustomizeWalker(h.tree).build(dir);
      expect(built.diagnostics).toEqual([]);
      const fromTenantFiles = built.objects.filter((o) => pathOwner([fleet], o.file).kind === 'tenant');
      expect(fromTenantFiles.length).toBeGreaterThan(0);
      for (const o of fromTenantFiles) {
        expect({
          file: o.file,
          apiVersion: o.apiVersion.split('/')[0],
          kind: o.kind,
          inTenantNamespace: namespaces.includes(o.namespace!),
          sa: o.value.spec?.serviceAccountName,
        }).toEqual({
          file: o.file,
          apiVersion: 'kustomize.toolkit.fluxcd.io',
          kind: 'Kustomization',
          inTenantNamespace: true,
          sa: objectNames.tenantServiceAccount(tenant),
        });
      }
      // Everything else the build holds comes from the platform's tenant base.
      for (const o of built.objects.filter((x) => pathOwner([fleet], x.file).kind !== 'tenant'))
        expect(o.file.startsWith(`${layout.tenantBaseDir(tenant)}/`)).toBe(true);
      const k = parseYamlValues(h.read(`${dir}/kustomization.yaml`))[0] as Record<string, unknown>;
      expect(Object.keys(k).sort()).toEqual(['apiVersion', 'kind', 'resources']);
    },
  );

  it('the example validates with no tenant-path finding', () => {
    expect(tenantFindings(h)).toEqual([]);
  });

  it('property: any object a tenant adds to any of its paths is refused unless it is a Flux Kustomization in its namespace, as itself', () => {
    const KINDS: [string, string][] = [
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['v1', 'ServiceAccount'],
      ['v1', 'Namespace'],
      ['v1', 'Pod'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
      ['helm.toolkit.fluxcd.io/v2', 'HelmRelease'],
      ['source.toolkit.fluxcd.io/v1', 'GitRepository'],
      ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...tenantDirs),
        fc.constantFrom(...KINDS),
        fc.constantFrom(undefined, 'team-a', 'team-b', 'flux-system', 'kube-system'),
        fc.constantFrom(undefined, 'team-a', 'team-b', 'kustomize-controller', 'default'),
        (dir, [apiVersion, kind], namespace, account) => {
          const tenant = dir.split('/')[1]!;
          const t = RepoHarness.example();
          const object = {
            apiVersion,
            kind,
            metadata: { name: 'added', ...(namespace ? { namespace } : {}) },
            spec: {
              interval: '10m',
              path: './apps/shop/staging',
              prune: true,
              sourceRef: { kind: 'GitRepository', name: 'platter' },
              ...(account ? { serviceAccountName: account } : {}),
            },
          };
          t.write(`${dir}/added.yaml`, toYaml(object)).editYaml(`${dir}/kustomization.yaml`, (k) =>
            k.resources.push('added.yaml'),
          );
          const allowed =
            kind === 'Kustomization' &&
            apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') &&
            namespace === tenant &&
            account === tenant;
          const found = tenantFindings(t).filter(([, path]) => path === `${dir}/added.yaml`);
          expect(found.length > 0).toBe(!allowed);
        },
      ),
      { seed: 22, numRuns: 60 },
    );
  });
});
