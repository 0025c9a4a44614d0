import { MemoryFileTree, OverlayFileTree, type FileChange } from './FileTree';

/** The directories list() shows below `dir` (what dirs() answers, computed the slow way). */
function reference(tree: OverlayFileTree, dir: string): string[] {
  const prefix = dir ? `${dir}/` : '';
  const names = new Set<string>();
  for (const path of tree.list(dir)) {
    const rest = path.slice(prefix.length);
    if (rest.indexOf('/') > 0) names.add(rest.slice(0, rest.indexOf('/')));
  }
  return [...names].sort();
}

const base = () =>
  new MemoryFileTree({
    'platter.yaml': 'a',
    'envs/prod-eu/kustomization.yaml': 'a',
    'envs/prod-eu/secrets/x.yaml': 'a',
    'envs/prod-us/kustomization.yaml': 'a',
    'runtime/ingress-nginx/1.0.0/component.yaml': 'a',
  });

describe('OverlayFileTree.dirs', () => {
  it.each<[string, FileChange[], string]>([
    ['no change', [], 'envs'],
    ['a new directory', [{ path: 'envs/staging-eu/kustomization.yaml', op: 'add', after: 'b' }], 'envs'],
    [
      'the last file of a directory deleted',
      [{ path: 'envs/prod-us/kustomization.yaml', op: 'delete', before: 'a' }],
      'envs',
    ],
    [
      'one of two files of a directory deleted',
      [{ path: 'envs/prod-eu/kustomization.yaml', op: 'delete', before: 'a' }],
      'envs',
    ],
    [
      'a nested directory deleted',
      [{ path: 'envs/prod-eu/secrets/x.yaml', op: 'delete', before: 'a' }],
      'envs/prod-eu',
    ],
    ['a file directly in the directory', [{ path: 'envs/README.md', op: 'add', after: 'b' }], 'envs'],
    [
      'the last file of a directory deleted and another added to it',
      [
        { path: 'envs/prod-us/kustomization.yaml', op: 'delete', before: 'a' },
        { path: 'envs/prod-us/env-config.yaml', op: 'add', after: 'b' },
      ],
      'envs',
    ],
    [
      'the last file of a top-level directory deleted',
      [{ path: 'runtime/ingress-nginx/1.0.0/component.yaml', op: 'delete', before: 'a' }],
      '',
    ],
    [
      'a path that was never there deleted',
      [{ path: 'envs/nope/kustomization.yaml', op: 'delete', before: 'a' }],
      'envs',
    ],
    ['the root', [{ path: 'tenants/team-a/kustomization.yaml', op: 'add', after: 'b' }], ''],
    [
      'a modified file',
      [{ path: 'runtime/ingress-nginx/1.0.0/component.yaml', op: 'modify', before: 'a', after: 'b' }],
      'runtime',
    ],
  ])('%s: the directories list() shows', (_name, changes, dir) => {
    const tree = new OverlayFileTree(base()).apply(changes);
    expect(tree.dirs(dir)).toEqual(reference(tree, dir));
  });
});
