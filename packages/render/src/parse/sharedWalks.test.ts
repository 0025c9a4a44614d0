import { KUSTOMIZATION_FILE_NAMES, MemoryFileTree, type FileTree } from '@platter/model';
import { exampleRepository } from '../example';
import { fluxFixtureTree } from '../testing/fluxFixtures';
import { toYaml } from '../yaml';
import { KustomizeWalker } from './kustomizeWalk';
import { ParseCache } from './parseCache';
import { TrackedTree } from './readTracking';

/**
 * A walker with fullPatches (the rendered diff's) that takes the walks of a
 * walker without them (validation's) where patch mode makes no difference
 * (KustomizeWalker.shareWalksOf) builds exactly what it builds alone: for
 * every directory with a kustomization file of Platter's example repository
 * and of the Flux layouts of the official examples, and for each thing patch
 * mode changes, which must not be shared.
 */
const kustomizationDirs = (tree: FileTree): string[] =>
  [...new Set(tree.list('').filter((p) => KUSTOMIZATION_FILE_NAMES.some((f) => p === f || p.endsWith(`/${f}`))))]
    .map((p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : ''))
    .sort();

/** Builds every dir alone and with a twin; returns the dirs whose walk was the twin's. */
function compareBuilds(tree: FileTree, dirs: readonly string[]): string[] {
  const alone = new KustomizeWalker(tree, new ParseCache(), { fullPatches: true });
  // Both on a TrackedTree, as a PlanBase has them: a walker that records reads takes a walk with its reads.
  const twin = new KustomizeWalker(new TrackedTree(tree), new ParseCache());
  for (const d of dirs) twin.build(d);
  const shared = new KustomizeWalker(new TrackedTree(tree), new ParseCache(), { fullPatches: true });
  shared.shareWalksOf(twin);
  const taken: string[] = [];
  for (const d of dirs) {
    const built = shared.build(d);
    expect({ dir: d, built }).toEqual({ dir: d, built: alone.build(d) });
    if (built === twin.build(d)) taken.push(d);
  }
  return taken;
}

describe('shared walks: the same builds as walking alone', () => {
  it.each([
    ["Platter's example repository", exampleRepository()],
    ...['helm-example-layout', 'helm-layout', 'helm-apps-layout', 'profiles-layout'].map(
      (name) => [name, fluxFixtureTree(name)] as [string, FileTree],
    ),
  ])('%s', (_name, tree) => {
    const dirs = kustomizationDirs(tree);
    expect(dirs.length).toBeGreaterThan(0);
    compareBuilds(tree, dirs);
  });

  it("takes the walk of every env root of Platter's example repository (their patches are inline JSON6902)", () => {
    const tree = exampleRepository();
    const envRoots = tree.dirs('envs').map((e) => `envs/${e}`);
    expect(envRoots.length).toBeGreaterThan(0);
    expect(compareBuilds(tree, envRoots)).toEqual(envRoots);
  });
});

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns' },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
};
const jsonPatch = toYaml([{ op: 'replace', path: '/spec/replicas', value: 2 }]);
const mergePatch = toYaml({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 3 },
});
const target = { kind: 'Deployment', name: 'web' };

/** A tree of `app/` (deployment.yaml and the kustomization given) and the files given. */
function appTree(kustomization: Record<string, unknown>, files: Record<string, unknown> = {}): MemoryFileTree {
  const tree = new MemoryFileTree();
  tree.write('app/deployment.yaml', toYaml(deployment));
  tree.write(
    'app/kustomization.yaml',
    toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...kustomization }),
  );
  for (const [path, value] of Object.entries(files))
    tree.write(path, typeof value === 'string' ? value : toYaml(value));
  return tree;
}

const component = (patches: unknown[]) =>
  toYaml({ apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', patches });

describe('what patch mode changes is not shared', () => {
  it.each<[string, MemoryFileTree, boolean]>([
    ['resources only', appTree({ resources: ['deployment.yaml'] }), true],
    [
      'an inline JSON6902 patch',
      appTree({ resources: ['deployment.yaml'], patches: [{ target, patch: jsonPatch }] }),
      true,
    ],
    [
      'a patch file',
      appTree(
        { resources: ['deployment.yaml'], patches: [{ path: 'replicas.yaml' }] },
        { 'app/replicas.yaml': mergePatch },
      ),
      false,
    ],
    [
      'an inline strategic-merge patch',
      appTree({ resources: ['deployment.yaml'], patches: [{ target, patch: mergePatch }] }),
      false,
    ],
    ['a patch without a target', appTree({ resources: ['deployment.yaml'], patches: [{ patch: mergePatch }] }), false],
    [
      'patchesStrategicMerge',
      appTree(
        { resources: ['deployment.yaml'], patchesStrategicMerge: ['replicas.yaml'] },
        { 'app/replicas.yaml': mergePatch },
      ),
      false,
    ],
    [
      'a resource directory without a kustomization file',
      appTree(
        { resources: ['deployment.yaml', 'extra'] },
        { 'app/extra/cm.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } },
      ),
      false,
    ],
    [
      'a component with a strategic-merge patch',
      appTree(
        { resources: ['deployment.yaml'], components: ['../scale'] },
        { 'scale/kustomization.yaml': component([{ target, patch: mergePatch }]) },
      ),
      false,
    ],
    [
      'a component with a JSON6902 patch',
      appTree(
        { resources: ['deployment.yaml'], components: ['../scale'] },
        { 'scale/kustomization.yaml': component([{ target, patch: jsonPatch }]) },
      ),
      true,
    ],
    [
      'a resource directory with a patch file',
      appTree(
        { resources: ['deployment.yaml', '../base'] },
        {
          'base/kustomization.yaml': toYaml({ resources: ['cm.yaml'], patches: [{ path: 'p.yaml' }] }),
          'base/cm.yaml': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1' } },
          'base/p.yaml': toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '2' } }),
        },
      ),
      false,
    ],
  ])('%s', (_name, tree, shared) => {
    expect(compareBuilds(tree, ['app']).includes('app')).toBe(shared);
  });
});
