import { fluxFixtureTree } from '../testing/fluxFixtures';
import { MemoryFileTree } from '@platter/model';
import { exampleRepository } from '../example';
import { checkFluxRepository, type CheckFinding } from './checkFluxRepository';

const fixture = fluxFixtureTree;

const short = (f: CheckFinding) => `${f.severity} ${f.code} ${f.path ?? ''}`;

describe('checkFluxRepository on the layout of flux2-kustomize-helm-example', () => {
  const report = checkFluxRepository(fixture('helm-layout'));

  it('has no error: only the not-yet-bootstrapped staging cluster is noted', () => {
    expect(report.findings.map(short)).toEqual([
      'info MissingFile clusters/staging/flux-system/gotk-sync.yaml',
      'info MissingPatchTarget clusters/staging/flux-system/kustomization.yaml',
    ]);
  });

  it('follows both clusters: ArtifactGenerator copies (staging) and plain paths (production)', () => {
    const byCluster = Object.fromEntries(
      report.clusters.map((c) => [
        c.name,
        c.kustomizations.map((k) => `${k.ref} ${k.source} ${k.artifact?.name ?? '-'}:${k.path} ${k.objects}`),
      ]),
    );
    expect(byCluster).toEqual({
      'clusters/production': [
        'flux-system/flux-system repository -:clusters/production 9',
        'flux-system/apps repository -:apps/production 3',
        'flux-system/infra-controllers repository -:infrastructure/controllers 6',
        'flux-system/infra-configs repository -:infrastructure/configs 2',
      ],
      'clusters/staging': [
        'flux-system/flux-system repository -:clusters/staging 4',
        'flux-system/apps artifact apps:staging 3',
        'flux-system/infra-controllers artifact infra:controllers 6',
        'flux-system/infra-configs artifact infra:configs 2',
      ],
    });
  });

  it('maps artifact paths back to the repository files they were copied from', () => {
    const staging = report.clusters.find((c) => c.name === 'clusters/staging')!;
    const apps = staging.kustomizations.find((k) => k.ref === 'flux-system/apps')!;
    expect(apps.artifact?.files.get('base/web/release.yaml')).toBe('apps/base/web/release.yaml');
    expect(apps.artifact?.files.get('staging/web-values.yaml')).toBe('apps/staging/web-values.yaml');
  });
});

describe('checkFluxRepository on flux2-kustomize-helm-example as it is since Flux 2.7 (helm-example-layout)', () => {
  const report = checkFluxRepository(fixture('helm-example-layout'));

  it('has no error: bootstrap placeholders noted, both clusters built from ExternalArtifacts', () => {
    expect(report.findings.map(short)).toEqual([
      'info MissingFile clusters/production/flux-system/gotk-sync.yaml',
      'info MissingPatchTarget clusters/production/flux-system/kustomization.yaml',
      'info MissingFile clusters/staging/flux-system/gotk-sync.yaml',
      'info MissingPatchTarget clusters/staging/flux-system/kustomization.yaml',
    ]);
    expect(report.clusters.flatMap((c) => c.kustomizations.map((k) => `${k.ref} ${k.source} ${k.objects}`))).toEqual([
      'flux-system/flux-system repository 4',
      'flux-system/apps artifact 3',
      'flux-system/infra-controllers artifact 3',
      'flux-system/infra-configs artifact 1',
      'flux-system/flux-system repository 4',
      'flux-system/apps artifact 3',
      'flux-system/infra-controllers artifact 3',
      'flux-system/infra-configs artifact 1',
    ]);
  });

  it('reads the artifact through .sourceignore: a path it leaves out is missing to Flux', () => {
    const tree = fixture('helm-example-layout');
    tree.write('.sourceignore', '/*\n!/clusters/\n!/infrastructure/\n'); // apps/ no longer in the artifact
    const after = checkFluxRepository(tree);
    const staging = after.clusters.find((c) => c.name === 'clusters/staging')!;
    expect(staging.kustomizations.find((k) => k.ref === 'flux-system/apps')?.objects).toBe(0);
    expect(after.findings.filter((f) => f.severity === 'error').map(short)).toEqual([
      'error MissingPath clusters/production/apps.yaml',
      'error MissingPath clusters/staging/apps.yaml',
    ]);
  });

  it('finds clusters in what Git holds: a sync path .sourceignore leaves out is MissingPath, saying so', () => {
    const tree = fixture('helm-example-layout');
    for (const p of tree.list('clusters/staging')) {
      tree.write(p.replace('clusters/', 'envs/'), tree.read(p)!);
      tree.delete(p);
    }
    const { clusters, findings } = checkFluxRepository(tree);
    expect(clusters.map((c) => c.name)).toEqual(['clusters/production', 'envs/staging']);
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${short(f)}: ${f.message}`)).toEqual([
      'error MissingPath envs/staging/flux-system/gotk-sync.yaml: Kustomization flux-system/flux-system (cluster envs/staging): spec.path "./envs/staging" is left out of the GitRepository artifact by .sourceignore (add `!/envs/` to it); Flux fails with "kustomization path not found"',
    ]);
  });
});

describe('checkFluxRepository on the layout of the talk (clusters/_profiles, _base + addon components)', () => {
  const report = checkFluxRepository(fixture('profiles-layout'));

  it('finds its faults: a flux-system path that does not exist, a variable with no value, a plaintext Secret, deprecated APIs', () => {
    expect(report.findings.map(short)).toEqual([
      'warning DeprecatedApi clusters/_profiles/_base/cert-manager.yaml',
      'warning DeprecatedApi clusters/_profiles/_base/ingress-nginx.yaml',
      'warning DeprecatedApi clusters/_profiles/home/ingress-nginx-patch.yaml',
      'warning DeprecatedApi clusters/_profiles/home/monitoring.yaml',
      'info NotReached clusters/_profiles/prod/external-dns.yaml',
      'error MissingPath clusters/group/_base/flux-system/gotk-sync.yaml',
      'warning DeprecatedApi clusters/group/_base/flux-system/gotk-sync.yaml',
      'error PlaintextSecret clusters/lab/platform/cluster-secrets.yaml',
      'warning DeprecatedApi platform/cert-manager/_base/helm.yaml',
      'warning DeprecatedApi platform/cert-manager/_base/helm.yaml',
      'warning DeprecatedApi platform/ingress-nginx/_base/helm.yaml',
      'warning DeprecatedApi platform/ingress-nginx/_base/helm.yaml',
      'error UnresolvedVariable platform/monitoring-agent/_base/agent.yaml',
    ]);
    const unresolved = report.findings.find((f) => f.code === 'UnresolvedVariable')!;
    expect(unresolved.message).toContain('${monitoring_user}');
    expect(unresolved.message).not.toContain('monitoring_token'); // defined by the Secret's key
    expect(
      report.findings.filter((f) => f.code === 'DeprecatedApi').every((f) => f.message.includes('flux migrate')),
    ).toBe(true);
  });

  it("applies the profile's strategic-merge patch that adds a component to a Flux Kustomization", () => {
    const lab = report.clusters.find((c) => c.name === 'clusters/lab')!;
    expect(lab.kustomizations.map((k) => k.ref)).toEqual([
      'flux-system/flux-system',
      'flux-system/monitoring-operator',
      'flux-system/monitoring-agent',
      'flux-system/cert-manager',
      'flux-system/ingress-nginx',
    ]);
    const nginx = lab.kustomizations.find((k) => k.ref === 'flux-system/ingress-nginx')!;
    expect(nginx.spec.components).toEqual(['../nodeport']);
    expect(nginx.objects).toBe(3);
  });
});

describe('checkFluxRepository on a repository Platter wrote', () => {
  it('the example fleet is a clean Flux repository: every env a cluster, tenant apps followed through their own GitRepository', () => {
    const report = checkFluxRepository(exampleRepository());
    expect(report.findings).toEqual([]);
    expect(report.clusters.map((c) => c.name)).toEqual(['envs/prod-eu', 'envs/prod-us', 'envs/staging-eu']);
    expect(report.clusters.flatMap((c) => c.kustomizations).filter((k) => k.source !== 'repository')).toEqual([]);
  });
});

/** A one-cluster repository; each case damages it. */
const SYNC = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {url: ssh://git@example.test/fleet}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: flux-system, namespace: flux-system}
spec: {path: ./clusters/c, sourceRef: {kind: GitRepository, name: flux-system}}
`;
const ks = (name: string, spec: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec: {sourceRef: {kind: GitRepository, name: flux-system}, ${spec}}\n`;
const BASE: Record<string, string> = {
  'clusters/c/flux-system/gotk-sync.yaml': SYNC,
  'clusters/c/flux-system/kustomization.yaml': 'resources: [gotk-sync.yaml]\n',
  'clusters/c/infra.yaml': ks('infra', 'path: ./infra'),
  'clusters/c/apps.yaml': ks(
    'apps',
    'path: ./apps, dependsOn: [{name: infra}], postBuild: {substitute: {host: a.example.test}}',
  ),
  'infra/kustomization.yaml': 'resources: [ns.yaml]\n',
  'infra/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'apps/kustomization.yaml': 'resources: [app.yaml]\n',
  'apps/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\ndata: {host: "${host}"}\n',
};

describe('checkFluxRepository: damage -> exact findings', () => {
  it.each<[string, Record<string, string | undefined>, string[]]>([
    ['clean', {}, []],
    [
      'a missing spec.path',
      { 'clusters/c/apps.yaml': ks('apps', 'path: ./nope') },
      ['error MissingPath clusters/c/apps.yaml'],
    ],
    [
      'a missing resource',
      { 'apps/kustomization.yaml': 'resources: [app.yaml, gone.yaml]\n' },
      ['error MissingFile apps/kustomization.yaml'],
    ],
    [
      'a Component under resources',
      {
        'apps/kustomization.yaml': 'resources: [app.yaml, addon]\n',
        'apps/addon/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      },
      ['error ComponentUnderResources apps/kustomization.yaml'],
    ],
    [
      'a dangling dependsOn',
      {
        'clusters/c/apps.yaml': ks(
          'apps',
          'path: ./apps, dependsOn: [{name: infra}, {name: database}], postBuild: {substitute: {host: x}}',
        ),
      },
      ['error UnknownDependency clusters/c/apps.yaml'],
    ],
    [
      'a dependsOn cycle',
      { 'clusters/c/infra.yaml': ks('infra', 'path: ./infra, dependsOn: [{name: apps}]') },
      ['error DependencyCycle clusters/c/apps.yaml'],
    ],
    [
      'a variable with no value',
      {
        'clusters/c/apps.yaml': ks(
          'apps',
          'path: ./apps, dependsOn: [{name: infra}], postBuild: {substitute: {domain: x}}',
        ),
      },
      ['error UnresolvedVariable apps/app.yaml'],
    ],
    [
      'a substituteFrom source nobody defines',
      {
        'clusters/c/apps.yaml': ks(
          'apps',
          'path: ./apps, dependsOn: [{name: infra}], postBuild: {substituteFrom: [{kind: ConfigMap, name: vars}]}',
        ),
      },
      ['error UnresolvedVariable clusters/c/apps.yaml'],
    ],
    [
      'a substituteFrom ConfigMap of the cluster defines it',
      {
        'clusters/c/apps.yaml': ks(
          'apps',
          'path: ./apps, dependsOn: [{name: infra}], postBuild: {substituteFrom: [{kind: ConfigMap, name: vars}]}',
        ),
        'clusters/c/vars.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vars, namespace: flux-system}\ndata: {host: b.example.test}\n',
      },
      [],
    ],
    [
      'a plaintext Secret',
      {
        'apps/secret.yaml':
          'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\nstringData: {password: hunter2}\n',
      },
      ['error PlaintextSecret apps/secret.yaml'],
    ],
    [
      'a SOPS Secret is not plaintext',
      {
        'apps/secret.yaml':
          'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: "ENC[AES256_GCM,data:x,type:str]"}\nsops: {version: 3.9.0}\n',
      },
      [],
    ],
    [
      'a Flux patch whose target does not exist',
      {
        'clusters/c/infra.yaml': ks(
          'infra',
          'path: ./infra, patches: [{patch: "- {op: add, path: /metadata/labels, value: {a: b}}", target: {kind: Deployment, name: web}}]',
        ),
      },
      ['error MissingPatchTarget clusters/c/infra.yaml'],
    ],
    [
      'a duplicate object in one build',
      { 'apps/kustomization.yaml': 'resources: [app.yaml, copy.yaml]\n', 'apps/copy.yaml': BASE['apps/app.yaml']! },
      ['error DuplicateResourceId apps/copy.yaml'],
    ],
    [
      'a deprecated API version',
      { 'clusters/c/infra.yaml': ks('infra', 'path: ./infra').replace('/v1\n', '/v1beta2\n') },
      ['warning DeprecatedApi clusters/c/infra.yaml'],
    ],
    [
      'another repository is not checked',
      {
        'clusters/c/infra.yaml': ks('infra', 'path: ./infra').replace(
          'kind: GitRepository, name: flux-system',
          'kind: OCIRepository, name: infra-oci',
        ),
      },
      ['info ExternalSource clusters/c/infra.yaml'],
    ],
    [
      'a namespace only an external source might create',
      {
        'clusters/c/infra.yaml': ks('infra', 'path: ./infra').replace(
          'kind: GitRepository, name: flux-system',
          'kind: OCIRepository, name: infra-oci',
        ),
        'clusters/c/apps.yaml': ks('apps', 'path: ./apps, postBuild: {substitute: {host: x}}'),
      },
      ['warning MissingNamespace apps/app.yaml', 'info ExternalSource clusters/c/infra.yaml'],
    ],
    [
      'a namespace nobody creates',
      { 'infra/ns.yaml': undefined, 'infra/kustomization.yaml': 'resources: []\n' },
      ['error MissingNamespace apps/app.yaml'],
    ],
    [
      'a namespace only a sibling creates',
      { 'clusters/c/apps.yaml': ks('apps', 'path: ./apps, postBuild: {substitute: {host: x}}') },
      ['warning MissingNamespace apps/app.yaml'],
    ],
    [
      'targetNamespace moves objects into a namespace nobody creates',
      {
        'clusters/c/apps.yaml': ks(
          'apps',
          'path: ./apps, targetNamespace: web, dependsOn: [{name: infra}], postBuild: {substitute: {host: x}}',
        ),
      },
      ['error MissingNamespace apps/app.yaml'],
    ],
    [
      'a JSON6902 patch in the cluster moves a Kustomization to a missing path',
      {
        'clusters/c/kustomization.yaml':
          'resources: [flux-system, infra.yaml, apps.yaml]\npatches:\n  - patch: "- {op: replace, path: /spec/path, value: ./apps-v2}"\n    target: {kind: Kustomization, name: apps}\n',
      },
      ['error MissingPath clusters/c/apps.yaml'],
    ],
    [
      'a nested Kustomization is followed',
      {
        'apps/kustomization.yaml': 'resources: [app.yaml, child.yaml]\n',
        'apps/child.yaml': ks('child', 'path: ./child'),
      },
      ['error MissingPath apps/child.yaml'],
    ],
    [
      'a cluster at the repository root builds what the GitRepository artifact holds (no .github workflows)',
      {
        'clusters/c/flux-system/gotk-sync.yaml': SYNC.replace('path: ./clusters/c', 'path: ./'),
        '.github/workflows/ci.yaml': 'name: ci\non: [push]\n',
        '.gitlab-ci.yml': 'stages: [test]\n',
      },
      [],
    ],
    [
      'a HelmRelease depending on one nobody defines',
      {
        'infra/hr.yaml':
          'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec: {dependsOn: [{name: db}]}\n',
        'infra/kustomization.yaml': 'resources: [ns.yaml, hr.yaml]\n',
      },
      ['error UnknownDependency infra/hr.yaml'],
    ],
    [
      'a HelmRelease installing into a namespace nobody creates',
      {
        'infra/hr.yaml':
          'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec: {targetNamespace: web}\n',
        'infra/kustomization.yaml': 'resources: [ns.yaml, hr.yaml]\n',
      },
      ['error MissingNamespace infra/hr.yaml'],
    ],
    [
      'a HelmRelease that creates its target namespace',
      {
        'infra/hr.yaml':
          'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: shop}\nspec: {targetNamespace: web, install: {createNamespace: true}}\n',
        'infra/kustomization.yaml': 'resources: [ns.yaml, hr.yaml]\n',
      },
      [],
    ],
    [
      'a dangling dependsOn is a warning when an external source was not read',
      {
        'clusters/c/infra.yaml': ks('infra', 'path: ./infra').replace(
          'kind: GitRepository, name: flux-system',
          'kind: OCIRepository, name: infra-oci',
        ),
        'clusters/c/apps.yaml': ks(
          'apps',
          'path: ./apps, dependsOn: [{name: infra}, {name: database}], postBuild: {substitute: {host: x}}',
        ),
      },
      ['warning UnknownDependency clusters/c/apps.yaml', 'info ExternalSource clusters/c/infra.yaml'],
    ],
    [
      'no cluster at all',
      { 'clusters/c/flux-system/gotk-sync.yaml': undefined, 'clusters/c/flux-system/kustomization.yaml': undefined },
      ['error NoFluxClusters .'],
    ],
  ])('%s', (_name, damage, expected) => {
    const files = { ...BASE, ...damage };
    const tree = new MemoryFileTree(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
    expect(checkFluxRepository(tree).findings.map(short)).toEqual(expected);
  });
});
