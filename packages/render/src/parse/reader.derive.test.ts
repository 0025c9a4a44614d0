import { MemoryFileTree, OverlayFileTree, type FileChange } from '@platter/model';
import { exampleRepository } from '../example';
import { TEST_NOW } from '../testing';
import { validateRepository } from '../validate';
import { parseYamlValues, toYaml } from '../yaml';
import { RepositoryReader } from './reader';

/**
 * RepositoryReader.derive: a reader of the tree after a change that takes over
 * what the reader before parsed where the change cannot have changed it. Whatever
 * the change, it must see exactly what a fresh reader of the tree after sees.
 */
type Edit = (tree: MemoryFileTree) => FileChange[];

const modify =
  (path: string, edit: (text: string) => string): Edit =>
  (tree) => [{ path, op: 'modify', before: tree.read(path)!, after: edit(tree.read(path)!) }];
const editYaml = (path: string, edit: (doc: any) => void): Edit =>
  modify(path, (text) => {
    const docs = parseYamlValues(text) as any[];
    edit(docs[0]);
    return toYaml(...docs);
  });
const add =
  (path: string, content: string): Edit =>
  () => [{ path, op: 'add', after: content }];
const remove =
  (path: string): Edit =>
  (tree) => [{ path, op: 'delete', before: tree.read(path)! }];
const removeDir =
  (dir: string): Edit =>
  (tree) =>
    tree.list(dir).map((path) => ({ path, op: 'delete', before: tree.read(path)! }));
const both =
  (...edits: Edit[]): Edit =>
  (tree) =>
    edits.flatMap((e) => e(tree));

/** The example with two component bases that include a tenant's stage directory (outside runtime/, and it includes the tenant's base): the second walk of it is the walker's cached one. */
function withOutsideInclude(): MemoryFileTree {
  const tree = exampleRepository();
  for (const path of [
    'runtime/cert-manager/1.0.0/_base/kustomization.yaml',
    'runtime/external-dns/1.0.0/_base/kustomization.yaml',
  ]) {
    const k = parseYamlValues(tree.read(path)!)[0] as any;
    k.resources = [...k.resources, '../../../../tenants/team-a/prod']; // which includes ../base
    tree.write(path, toYaml(k));
  }
  return tree;
}

/** The example with an include cycle under a component base (the walker's answer then depends on the walk order). */
function withCycle(): MemoryFileTree {
  const tree = exampleRepository();
  const path = 'runtime/external-dns/1.0.0/_base/kustomization.yaml';
  const k = parseYamlValues(tree.read(path)!)[0] as any;
  k.resources = [...k.resources, 'loop'];
  tree.write(path, toYaml(k));
  tree.write(
    'runtime/external-dns/1.0.0/_base/loop/kustomization.yaml',
    toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['..'] }),
  );
  return tree;
}

const cases: [string, () => MemoryFileTree, Edit][] = [
  ['nothing Platter parses (CODEOWNERS)', exampleRepository, modify('CODEOWNERS', (t) => `${t}# more\n`)],
  ['an env config value', exampleRepository, editYaml('envs/prod-eu/env-config.yaml', (d) => (d.data.extra = 'x'))],
  ['a declared env without its kustomization', exampleRepository, remove('envs/prod-us/kustomization.yaml')],
  ['an env removed', exampleRepository, removeDir('envs/prod-us')],
  [
    'an env declaration in platter.yaml',
    exampleRepository,
    editYaml('platter.yaml', (d) => (d.spec.environments[0].owner = 'group:default/someone-else')),
  ],
  [
    'a stage declaration in platter.yaml',
    exampleRepository,
    editYaml('platter.yaml', (d) => (d.spec.stages[1].allowPrerelease = !d.spec.stages[1].allowPrerelease)),
  ],
  [
    'a tenant declaration in platter.yaml',
    exampleRepository,
    editYaml('platter.yaml', (d) => d.spec.tenants[0].namespaces.push('team-a-extra')),
  ],
  ['platter.yaml unreadable', exampleRepository, modify('platter.yaml', () => 'spec: [')],
  [
    'a released component file (digest)',
    exampleRepository,
    modify('runtime/ingress-nginx/1.1.0/_base/release.yaml', (t) => `${t}# changed\n`),
  ],
  [
    'an addon directory added',
    exampleRepository,
    add(
      'runtime/ingress-nginx/1.1.0/extra/kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
    ),
  ],
  [
    'a stage runtime Kustomization',
    exampleRepository,
    editYaml('stages/prod/runtime/cert-manager.yaml', (d) => (d.spec.components = ['../nope'])),
  ],
  ['a stage config', exampleRepository, editYaml('stages/staging/stage-config.yaml', (d) => (d.data.added = 'y'))],
  ['a tenant stage directory removed', exampleRepository, removeDir('tenants/team-a/prod')],
  ['a new app that does not parse', exampleRepository, add('apps/broken/base/kustomization.yaml', 'kind: [')],
  [
    'an app overlay pin',
    exampleRepository,
    editYaml('apps/shop/prod/release.yaml', (d) => (d.spec.chart.spec.version = '9.9.9')),
  ],
  [
    'an app env overlay added',
    exampleRepository,
    both(
      add('apps/shop/envs/prod-us/kustomization.yaml', 'resources: [../../base]\n'),
      add('apps/shop/envs/prod-us/release.yaml', 'kind: HelmRelease\n'),
    ),
  ],
  [
    'a file a component base includes from outside runtime/',
    withOutsideInclude,
    modify(
      'tenants/team-a/base/rbac.yaml',
      (t) => `${t}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added\n  namespace: team-a\n`,
    ),
  ],
  ['anything, with an include cycle under a component base', withCycle, modify('CODEOWNERS', (t) => `${t}# more\n`)],
];

describe('RepositoryReader.derive', () => {
  it.each(cases)('after %s: the same fleet and findings as a fresh reader', (_name, base, edit) => {
    const tree = base();
    const before = new RepositoryReader(tree);
    before.fleet();
    const changes = edit(tree);
    const after = new OverlayFileTree(tree).apply(changes);
    const fresh = new RepositoryReader(after);
    const derived = before.derive(
      after,
      changes.map((c) => c.path),
    );
    expect(derived.fleet()).toEqual(fresh.fleet());
    expect(derived.diagnostics).toEqual(fresh.diagnostics);
    const envs = ['prod-eu', 'prod-us', 'staging-eu'];
    expect(
      validateRepository(after, {
        now: TEST_NOW,
        environments: envs,
        reader: before.derive(
          after,
          changes.map((c) => c.path),
        ),
      }),
    ).toEqual(validateRepository(after, { now: TEST_NOW, environments: envs }));
  });

  it('takes over exactly the entities the change cannot have changed', () => {
    const tree = exampleRepository();
    const before = new RepositoryReader(tree);
    before.fleet();
    const changes = editYaml('envs/prod-eu/env-config.yaml', (d) => (d.data.extra = 'x'))(tree);
    const derived = before.derive(
      new OverlayFileTree(tree).apply(changes),
      changes.map((c) => c.path),
    );
    expect(derived.environment('prod-eu')).not.toBe(before.environment('prod-eu'));
    expect(derived.environment('prod-eu')?.config.extra).toBe('x');
    expect(derived.environment('prod-us')).toBe(before.environment('prod-us'));
    expect(derived.stage('prod')).toBe(before.stage('prod'));
    expect(derived.service('ingress-nginx')).toBe(before.service('ingress-nginx'));
    expect(derived.tenant('team-a')).toBe(before.tenant('team-a'));
    expect(derived.app('shop')).toBe(before.app('shop'));
  });

  it('parses again what read a changed file through a walk, or met an include cycle', () => {
    const outside = withOutsideInclude();
    const before = new RepositoryReader(outside);
    before.fleet();
    const changes = modify('tenants/team-a/base/rbac.yaml', (t) => `${t}# changed\n`)(outside);
    const derived = before.derive(
      new OverlayFileTree(outside).apply(changes),
      changes.map((c) => c.path),
    );
    expect(derived.service('cert-manager')).not.toBe(before.service('cert-manager'));
    expect(derived.service('external-dns')).not.toBe(before.service('external-dns'));
    expect(derived.service('ingress-nginx')).toBe(before.service('ingress-nginx'));

    const cyclic = withCycle();
    const beforeCyclic = new RepositoryReader(cyclic);
    beforeCyclic.fleet();
    const derivedCyclic = beforeCyclic.derive(new OverlayFileTree(cyclic).apply([]), []);
    expect(derivedCyclic.service('external-dns')).not.toBe(beforeCyclic.service('external-dns'));
    expect(derivedCyclic.service('cert-manager')).toBe(beforeCyclic.service('cert-manager'));
  });

  // A plan on a PlanBase reads the commit through a reader derived for no change: it takes every entity over.
  it.each<[string, () => MemoryFileTree, boolean]>([
    ['a clean repository: the same fleet object', exampleRepository, true],
    ['an include cycle: a fleet of its own, equal to a fresh parse', withCycle, false],
  ])('a reader of the same tree derived for no change, %s', (_name, repository, shared) => {
    const tree = repository();
    const before = new RepositoryReader(tree);
    const fleet = before.fleet();
    const derived = before.derive(tree, []);
    if (shared) expect(derived.fleet()).toBe(fleet);
    else expect(derived.fleet()).not.toBe(fleet);
    expect(derived.fleet()).toEqual(new RepositoryReader(tree).fleet());
    expect(derived.diagnostics).toEqual(new RepositoryReader(tree).diagnostics);
  });

  it('a reader derived for no change from one without a fleet: the findings that say why', () => {
    const tree = exampleRepository();
    tree.write('platter.yaml', 'spec: [\n');
    const before = new RepositoryReader(tree);
    expect(before.fleet()).toBeUndefined();
    const derived = before.derive(tree, []);
    expect(derived.fleet()).toBeUndefined();
    expect(derived.diagnostics).toEqual(before.diagnostics);
    expect(derived.diagnostics.length).toBeGreaterThan(0);
  });
});
