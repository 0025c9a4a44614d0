import { MemoryFileTree } from '@platter/model';
import { toYaml } from '../yaml';
import { KustomizeWalker } from './kustomizeWalk';
import { ParseCache } from './parseCache';

/**
 * DuplicateResourceId: an id (`group/kind/namespace/name`) twice in one build.
 * The walker finds an object's earlier twin by name first and makes no id
 * strings; these cases pin that it still means the id.
 */
const obj = (apiVersion: string, kind: string, name: string, namespace?: string) => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
});

it.each<[string, unknown[], unknown[], string[]]>([
  ['one object', [obj('v1', 'ConfigMap', 'a', 'ns')], [], []],
  ['twice in one file', [obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'ConfigMap', 'a', 'ns')], [], ['a.yaml']],
  ['once in each of two files', [obj('v1', 'ConfigMap', 'a', 'ns')], [obj('v1', 'ConfigMap', 'a', 'ns')], ['b.yaml']],
  ['one name, two kinds', [obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'Secret', 'a', 'ns')], [], []],
  ['one name, two namespaces', [obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'ConfigMap', 'a', 'other')], [], []],
  ['no namespace and the empty one', [obj('v1', 'ConfigMap', 'a'), obj('v1', 'ConfigMap', 'a', '')], [], ['a.yaml']],
  ['one kind, two groups', [obj('a.io/v1', 'Thing', 'a'), obj('b.io/v1', 'Thing', 'a')], [], []],
  ['one group, two versions', [obj('a.io/v1', 'Thing', 'a'), obj('a.io/v2', 'Thing', 'a')], [], ['a.yaml']],
  [
    'a third object of a name after two ids of it',
    [obj('v1', 'ConfigMap', 'a'), obj('v1', 'Secret', 'a')],
    [obj('v1', 'Secret', 'a')],
    ['b.yaml'],
  ],
  [
    'two ids that are one string (a slash in a name)',
    [obj('v1', 'ConfigMap', 'b/c', 'a')],
    [obj('v1', 'ConfigMap', 'c', 'a/b')],
    ['b.yaml'],
  ],
])('%s', (_name, a, b, files) => {
  const t = new MemoryFileTree();
  t.write('k/kustomization.yaml', toYaml({ resources: ['a.yaml', ...(b.length ? ['b.yaml'] : [])] }));
  t.write('k/a.yaml', toYaml(...a));
  if (b.length) t.write('k/b.yaml', toYaml(...b));
  const found = new KustomizeWalker(t, new ParseCache())
    .build('k')
    .diagnostics.filter((d) => d.code === 'DuplicateResourceId');
  expect(found.map((d) => d.path)).toEqual(files.map((f) => `k/${f}`));
});
