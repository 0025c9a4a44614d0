import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MemoryFileTree, diffTrees, isPlatterError, isRequestRejected, type FileChange } from '@platter/model';
import { DiskFileTree } from './DiskFileTree';
import { readDirectoryTree } from './readDirectoryTree';
import { writeChanges } from './writeChanges';

// Each test gets `<tmp>/platter-write-*/repo` as the repository and `<tmp>/.../outside`
// as the place an escaping write would land, so "nothing escaped" is checkable.
let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'platter-write-'));
  root = join(base, 'repo');
  outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'outside\n');
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

const put = (path: string, content = `${path}\n`) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
};
const add = (path: string, after = `${path}\n`): FileChange => ({ path, op: 'add', after });
/** Everything under the test's base dir (repo and outside), for "nothing changed" checks. */
const snapshot = () => readDirectoryTree(base).then((t) => t.toRecord());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('writeChanges: paths are checked before anything is written', () => {
  it.each([
    ['parent directory', '../x'],
    ['absolute path', '/etc/passwd'],
    ['climbs out through a subdirectory', 'a/../../b'],
    ['into .git', '.git/config'],
    ['into a nested .git', 'vendor/lib/.git/config'],
    ['backslash separator', 'a\\b'],
    ['empty path', ''],
    ['the root itself', '.'],
  ])('%s (%j) is PathEscape', async (_name, path) => {
    const before = await snapshot();
    const e = await rejection(writeChanges(root, [add(path)]));
    expect(isPlatterError(e, 'PathEscape')).toBe(true);
    expect((e as { path?: string }).path).toBe(path || undefined); // an empty path is no path
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a symlinked directory', () => symlinkSync(outside, join(root, 'out')), 'out/x.yaml'],
    [
      'a symlinked directory below a real one',
      () => (mkdirSync(join(root, 'envs')), symlinkSync(outside, join(root, 'envs', 'prod'))),
      'envs/prod/x.yaml',
    ],
    ['a relative symlink climbing out', () => symlinkSync('../outside', join(root, 'up')), 'up/x.yaml'],
    ['a symlinked file', () => symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.yaml')), 'leak.yaml'],
    [
      'a dangling symlink pointing outside',
      () => symlinkSync(join(outside, 'nope'), join(root, 'gone')),
      'gone/x.yaml',
    ],
  ])('through %s is PathEscape', async (_name, arrange, path) => {
    arrange();
    const before = await snapshot();
    for (const op of ['add', 'modify', 'delete'] as const) {
      const e = await rejection(writeChanges(root, [{ path, op, after: 'pwned\n' }]));
      expect(isPlatterError(e, 'PathEscape')).toBe(true);
      expect((e as { path?: string }).path).toBe(path);
    }
    expect(await snapshot()).toEqual(before);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('outside\n');
  });

  it('writes through a symlinked directory that stays inside the root', async () => {
    mkdirSync(join(root, 'real'));
    symlinkSync('real', join(root, 'alias'));
    await writeChanges(root, [add('alias/x.yaml', 'x\n')]);
    expect(readFileSync(join(root, 'real', 'x.yaml'), 'utf8')).toBe('x\n');
  });

  it('one bad path in a batch writes nothing, and every bad path is reported', async () => {
    put('envs/prod/kustomization.yaml', 'old\n');
    symlinkSync(outside, join(root, 'out'));
    const before = await snapshot();
    const e = await rejection(
      writeChanges(root, [
        add('envs/staging/kustomization.yaml'),
        { path: 'envs/prod/kustomization.yaml', op: 'modify', before: 'old\n', after: 'new\n' },
        add('../evil'),
        { path: 'envs/prod/env-config.yaml', op: 'delete' },
        add('out/evil'),
      ]),
    );
    expect(isPlatterError(e, 'PathEscape')).toBe(true);
    expect(isRequestRejected(e) && e.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['PathEscape', '../evil'],
      ['PathEscape', 'out/evil'],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['a file below an existing file', () => put('a', 'file\n'), [add('a/b')]],
    ['a file where a directory is', () => put('d/x'), [add('d')]],
    ['a file below a file the same batch writes', () => undefined, [add('a'), add('a/b')]],
    ['deleting a directory', () => put('d/x'), [{ path: 'd', op: 'delete' } as FileChange]],
  ])('%s is InvalidRequest and writes nothing', async (_name, arrange, changes) => {
    arrange();
    const before = await snapshot();
    const e = await rejection(writeChanges(root, [add('ok.yaml'), ...changes]));
    expect(isPlatterError(e, 'InvalidRequest')).toBe(true);
    expect(await snapshot()).toEqual(before);
  });
});

describe('writeChanges: applying', () => {
  it('round-trips a tree: write it, read it back from disk, equal', async () => {
    const tree = new MemoryFileTree({
      'platter.yaml': 'apiVersion: platter.dev/v1alpha1\n',
      'envs/prod/kustomization.yaml': 'resources: []\n',
      'envs/prod/secrets/db.yaml.encrypted': 'sops: {}\n',
      'runtime/ingress-nginx/1.0.0/_base/kustomization.yaml': 'kind: Kustomization\n',
      'Ünïcode/ファイル.yaml': 'x: "ü"\n',
      'empty.txt': '',
    });
    await writeChanges(root, diffTrees(new MemoryFileTree(), tree));
    expect((await readDirectoryTree(root)).toRecord()).toEqual(tree.toRecord());
    const disk = new DiskFileTree(root);
    expect(disk.list()).toEqual(tree.list());
    for (const p of tree.list()) expect(disk.read(p)).toBe(tree.read(p));
  });

  it('applies a diff between two trees (add, modify, delete) and prunes emptied directories', async () => {
    const before = new MemoryFileTree({
      'a/b/c.yaml': 'c\n',
      'a/keep.yaml': 'k\n',
      'x/y/z.yaml': 'z\n',
      'm.yaml': 'm1\n',
    });
    const after = new MemoryFileTree({ 'a/keep.yaml': 'k\n', 'm.yaml': 'm2\n', 'n/o.yaml': 'o\n' });
    await writeChanges(root, diffTrees(new MemoryFileTree(), before));
    await writeChanges(root, diffTrees(before, after));
    expect((await readDirectoryTree(root)).toRecord()).toEqual(after.toRecord());
    expect(existsSync(join(root, 'a/b'))).toBe(false);
    expect(existsSync(join(root, 'x'))).toBe(false);
    expect(existsSync(join(root, 'a'))).toBe(true);
    expect(existsSync(root)).toBe(true);
  });

  it('deleting a file that is not there is fine', async () => {
    await expect(writeChanges(root, [{ path: 'nope/x.yaml', op: 'delete' }])).resolves.toBeUndefined();
  });

  it('replaces files whole, keeps their mode and leaves no temp file behind', async () => {
    put('bin/check.sh', '#!/bin/sh\n');
    chmodSync(join(root, 'bin/check.sh'), 0o755);
    await writeChanges(root, [
      { path: 'bin/check.sh', op: 'modify', after: '#!/bin/sh\nexit 0\n' },
      add('bin/new.yaml', 'n\n'),
    ]);
    expect(readFileSync(join(root, 'bin/check.sh'), 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect(statSync(join(root, 'bin/check.sh')).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(root, 'bin')).sort()).toEqual(['check.sh', 'new.yaml']);
  });

  it('replaces an in-root symlink with a file instead of writing through it', async () => {
    put('real.yaml', 'real\n');
    symlinkSync('real.yaml', join(root, 'alias.yaml'));
    await writeChanges(root, [{ path: 'alias.yaml', op: 'modify', after: 'alias\n' }]);
    expect(readFileSync(join(root, 'real.yaml'), 'utf8')).toBe('real\n');
    expect(readFileSync(join(root, 'alias.yaml'), 'utf8')).toBe('alias\n');
  });

  it('normalizes paths (`./a//b` is `a/b`)', async () => {
    await writeChanges(root, [add('./envs//prod/x.yaml', 'x\n')]);
    expect((await readDirectoryTree(root)).toRecord()).toEqual({ 'envs/prod/x.yaml': 'x\n' });
  });
});
