import { findCycles } from '@platter/model';
import { checkDependsOn, checkFluxNamespaces, checkSubstitution, namespacesCreated } from './checks';
import { parseManifests } from './manifests';

const ks = (name: string, namespace: string, spec = '') =>
  parseManifests(`apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  path: ./x
${spec}`)[0]!;

describe('checkDependsOn', () => {
  const codes = (...items: ReturnType<typeof ks>[]) => checkDependsOn('dev', items, 'envs/dev').map((d) => d.code);

  it.each<[string, ReturnType<typeof ks>[], string[]]>([
    ['no dependsOn', [ks('a', 'flux-system')], []],
    [
      'a known dependency (namespace defaults to its own)',
      [ks('a', 'flux-system', '  dependsOn:\n    - name: b\n'), ks('b', 'flux-system')],
      [],
    ],
    [
      'a dependency in another namespace',
      [ks('app', 'team-a', '  dependsOn:\n    - name: b\n      namespace: flux-system\n'), ks('b', 'flux-system')],
      [],
    ],
    [
      'the default namespace is the dependent one, not flux-system',
      [ks('app', 'team-a', '  dependsOn:\n    - name: b\n'), ks('b', 'flux-system')],
      ['UnknownDependency'],
    ],
    ['a dangling dependency', [ks('a', 'flux-system', '  dependsOn:\n    - name: gone\n')], ['UnknownDependency']],
    ['a self dependency', [ks('a', 'flux-system', '  dependsOn:\n    - name: a\n')], ['DependencyCycle']],
    [
      'a cycle of three',
      [
        ks('a', 'flux-system', '  dependsOn:\n    - name: b\n'),
        ks('b', 'flux-system', '  dependsOn:\n    - name: c\n'),
        ks('c', 'flux-system', '  dependsOn:\n    - name: a\n'),
      ],
      ['DependencyCycle'],
    ],
  ])('%s', (_name, items, expected) => expect(codes(...items)).toEqual(expected));

  it('writes the cycle as a path from its smallest member', () => {
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c', 'd']],
          ['c', ['a']],
          ['d', []],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});

describe('checkFluxNamespaces', () => {
  const objects = parseManifests(`apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ok
  namespace: demo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: sys
  namespace: flux-system
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: lost
  namespace: nowhere
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: nons
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: not-flux
  namespace: nowhere
`);

  it('accepts flux-system and created namespaces; flags the rest and Flux objects without one', () => {
    const found = checkFluxNamespaces(objects, namespacesCreated(objects), { label: 'env dev', path: 'envs/dev' });
    expect(found.map((d) => [d.code, d.message.match(/(HelmRelease|OCIRepository) \S+/)?.[0]])).toEqual([
      ['MissingNamespace', 'OCIRepository nowhere/lost'],
      ['MissingNamespace', 'HelmRelease nons'],
    ]);
  });
});

describe('checkSubstitution', () => {
  const sources = parseManifests(`apiVersion: v1
kind: ConfigMap
metadata:
  name: env-config
  namespace: flux-system
data:
  cluster_name: dev
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: flux-system
stringData:
  token: ENC[AES256_GCM,data:x,type:str]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: bad-keys
  namespace: flux-system
data:
  cluster-name: dev
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: team-config
  namespace: team-a
data:
  owner: a
`);
  const output = parseManifests(`apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: demo
data:
  a: \${cluster_name}
  b: \${token}
  c: \${region:=eu}
`);
  const run = (namespace: string, postBuild: string) =>
    checkSubstitution({
      env: 'dev',
      path: 'envs/dev',
      kustomization: ks('k', namespace, postBuild),
      output,
      sources,
    }).map((d) => d.code);

  it.each<[string, string, string, string[]]>([
    ['no postBuild: Flux substitutes nothing', 'flux-system', '', []],
    [
      'ConfigMap and Secret (stringData) keys resolve',
      'flux-system',
      '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: env-config\n      - kind: Secret\n        name: creds\n',
      [],
    ],
    ['inline substitute', 'flux-system', '  postBuild:\n    substitute:\n      cluster_name: x\n      token: y\n', []],
    [
      'an undefined variable',
      'flux-system',
      '  postBuild:\n    substitute:\n      cluster_name: x\n',
      ['UnresolvedVariable'],
    ],
    [
      'substituteFrom reads only the Kustomization namespace',
      'team-a',
      '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: env-config\n',
      ['UnresolvedVariable'],
    ],
    [
      'no variable at all: Flux skips substitution, even defaults stay literal',
      'team-a',
      '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: absent\n        optional: true\n',
      ['UnresolvedVariable', 'UnresolvedVariable', 'UnresolvedVariable'],
    ],
    [
      'substituteStrategy Always applies defaults without variables',
      'team-a',
      '  postBuild:\n    substituteStrategy: Always\n    substitute:\n      cluster_name: x\n      token: y\n',
      [],
    ],
    [
      'a key that is not a valid variable name fails the build',
      'flux-system',
      '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: bad-keys\n',
      ['InvalidVariableName'],
    ],
  ])('%s', (_name, namespace, postBuild, expected) => expect(run(namespace, postBuild)).toEqual(expected));
});
