import { MemoryFileTree } from '@platter/model';
import { toYaml } from '../yaml';
import { KustomizeWalker } from './kustomizeWalk';
import { ParseCache } from './parseCache';
import { ChangedPaths, TrackedTree } from './readTracking';

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

const CASES: [string, unknown[], unknown[], string[]][] = [
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
];

it.each(CASES)('%s', (_name, a, b, files) => {
  const t = new MemoryFileTree();
  t.write('k/kustomization.yaml', toYaml({ resources: ['a.yaml', ...(b.length ? ['b.yaml'] : [])] }));
  t.write('k/a.yaml', toYaml(...a));
  if (b.length) t.write('k/b.yaml', toYaml(...b));
  const found = new KustomizeWalker(t, new ParseCache())
    .build('k')
    .diagnostics.filter((d) => d.code === 'DuplicateResourceId');
  expect(found.map((d) => d.path)).toEqual(files.map((f) => `k/${f}`));
});

/**
 * A walk again after a change derives its duplicates from the walk before it
 * (kustomizeWalk.ts, duplicateFindings): only the names of new or removed objects
 * are checked again. From every case to every other, with unchanged files
 * around the changed ones (one of them holding a name the cases use, whose
 * finding depends on what comes before it), the derived walk finds what a walk
 * from scratch finds.
 */
describe('duplicates of a walk derived from the walk before a change', () => {
  const write = (t: MemoryFileTree, a: unknown[], b: unknown[]) => {
    t.write('k/a.yaml', a.length ? toYaml(...a) : '');
    t.write('k/b.yaml', b.length ? toYaml(...b) : '');
  };
  const base = () => {
    const t = new MemoryFileTree();
    t.write('k/kustomization.yaml', toYaml({ resources: ['before.yaml', 'a.yaml', 'b.yaml', 'after.yaml'] }));
    t.write('k/before.yaml', toYaml(obj('v1', 'ConfigMap', 'x', 'ns'), obj('v1', 'Secret', 'y', 'ns')));
    t.write('k/after.yaml', toYaml(obj('v1', 'ConfigMap', 'a', 'ns'), obj('v1', 'ConfigMap', 'x', 'ns')));
    return t;
  };
  const pairs = CASES.flatMap(([from]) => CASES.map(([to]) => [from, to] as const)).filter(([x, y]) => x !== y);
  const byName = new Map(CASES.map(([name, a, b]) => [name, { a, b }]));
  const duplicates = (w: KustomizeWalker) =>
    w
      .build('k')
      .diagnostics.filter((d) => d.code === 'DuplicateResourceId')
      .map((d) => `${d.path} ${d.message}`);

  it.each(pairs)('from %s to %s', (from, to) => {
    const before = base();
    write(before, byName.get(from)!.a, byName.get(from)!.b);
    const walker = new KustomizeWalker(new TrackedTree(before), new ParseCache());
    walker.build('k');
    const after = before.clone();
    write(after, byName.get(to)!.a, byName.get(to)!.b);
    const changed = ['k/a.yaml', 'k/b.yaml'].filter((p) => before.read(p) !== after.read(p));
    const derived = walker.derive(after, new ParseCache(), new ChangedPaths(changed));
    expect(duplicates(derived)).toEqual(duplicates(new KustomizeWalker(after, new ParseCache())));
  });
});
