import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPlatterError, type FileTree } from '@platter/model';
import { DiskFileTree } from '../fileTree';
import { GitTreeFileTree } from './GitTreeFileTree';

/**
 * GitTreeFileTree shows a commit as DiskFileTree shows its checkout: both are
 * built from the same real repository (committed, then read from the object
 * store and from the work tree) and must answer every question alike.
 */
let base: string;
let root: string;
let outside: string;
let tree: GitTreeFileTree;
let disk: DiskFileTree;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', '-c', 'commit.gpgSign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

const files: Record<string, string> = {
  'platter.yaml': 'platter\n',
  'envs/prod/kustomization.yaml': 'prod\n',
  'envs/prod/secrets/db.yaml.encrypted': 'ENC[...]\n',
  'envs/staging/kustomization.yaml': 'staging\n',
  'Z-upper.txt': 'upper\n',
  'a.b/file.yaml': 'sorted before a/ in git, after it in byte order\n',
  'a/file.yaml': 'a\n',
  'unicode/ünïcødé.yaml': 'naïve: "ü"\n',
  'bin/run.sh': '#!/bin/sh\n',
  'empty.yaml': '',
};

const links: Record<string, string> = {
  'alias.yaml': 'platter.yaml', // a file link inside: a file
  'envs/prod/up.yaml': '../../platter.yaml', // relative to its own directory
  'chain.yaml': 'alias.yaml', // through another link
  'envs-link': 'envs', // a directory link: followed on read, not listed
  'envs/self': '.', // a link to its own directory
  rootlink: '.', // a link to the root
  'leak.yaml': '', // set in beforeAll: absolute, outside (exists)
  'escape.yaml': '../outside/secret.txt', // relative, outside (exists)
  'dangling.yaml': 'nowhere',
  'loop-a': 'loop-b',
  'loop-b': 'loop-a',
  'through-file': 'platter.yaml/x', // a file in the middle of the path
};

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'platter-gittree-'));
  root = join(base, 'repo');
  outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'outside\n');
  mkdirSync(root);
  git('init', '--quiet', '--initial-branch=main');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  for (const [path, target] of Object.entries(links))
    symlinkSync(path === 'leak.yaml' ? join(outside, 'secret.txt') : target, join(root, path));
  git('add', '--all');
  // A submodule entry (a gitlink): checked out as an empty directory.
  git('update-index', '--add', '--cacheinfo', '160000,1234567890123456789012345678901234567890,vendor/sub');
  mkdirSync(join(root, 'vendor', 'sub'), { recursive: true });
  git('commit', '--quiet', '--no-verify', '-m', 'fixture');
});

beforeEach(async () => {
  tree = await GitTreeFileTree.load(root, 'HEAD');
  disk = new DiskFileTree(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What a tree answers for `path`: its content, undefined, or the code of the error it throws. */
function readOutcome(t: FileTree, path: string): string | undefined | { error: string } {
  try {
    return t.read(path);
  } catch (e) {
    return { error: isPlatterError(e) ? e.code : String(e) };
  }
}

describe('GitTreeFileTree', () => {
  it('lists what a checkout shows: files and file links inside, in byte order', () => {
    expect(tree.list()).toEqual(disk.list());
    expect(tree.list()).toEqual([
      'Z-upper.txt',
      'a.b/file.yaml',
      'a/file.yaml',
      'alias.yaml',
      'bin/run.sh',
      'chain.yaml',
      'empty.yaml',
      'envs/prod/kustomization.yaml',
      'envs/prod/secrets/db.yaml.encrypted',
      'envs/prod/up.yaml',
      'envs/staging/kustomization.yaml',
      'platter.yaml',
      'unicode/ünïcødé.yaml',
    ]);
  });

  it.each([
    '',
    'envs',
    'envs/prod',
    'envs/prod/secrets',
    'a',
    'a.b',
    'vendor',
    'vendor/sub',
    'missing',
    'platter.yaml',
    'envs-link',
    'envs/self',
    'rootlink/envs',
    'loop-a',
  ])('list(%j) and dirs(%j) as on disk', (dir) => {
    expect(tree.list(dir)).toEqual(disk.list(dir));
    expect(tree.dirs(dir)).toEqual(disk.dirs(dir));
  });

  it.each([
    ...Object.keys(files),
    ...Object.keys(links),
    'envs-link/prod/kustomization.yaml',
    'envs/self/staging/kustomization.yaml',
    'rootlink/envs/self/prod/up.yaml',
    'missing.yaml',
    'envs/missing/kustomization.yaml',
    'vendor/sub',
    'vendor/sub/file',
    'envs',
    'loop-a/x',
  ])('read(%j) as on disk', (path) => {
    expect(readOutcome(tree, path)).toEqual(readOutcome(disk, path));
  });

  it('reads through links with the content of their target, and throws PathEscape for links out of the repository', () => {
    expect(tree.read('chain.yaml')).toBe('platter\n');
    expect(tree.read('envs-link/prod/kustomization.yaml')).toBe('prod\n');
    expect(readOutcome(tree, 'leak.yaml')).toEqual({ error: 'PathEscape' });
    expect(readOutcome(tree, 'escape.yaml')).toEqual({ error: 'PathEscape' });
    expect(() => tree.read('../outside/secret.txt')).toThrow(expect.objectContaining({ code: 'PathEscape' }));
  });

  it('reads non-ASCII content and paths as UTF-8, byte sizes and all', () => {
    expect(tree.read('unicode/ünïcødé.yaml')).toBe('naïve: "ü"\n');
    expect(tree.read('empty.yaml')).toBe('');
  });

  it('escapes even when the target is missing on this machine (DiskFileTree finds nothing there)', async () => {
    symlinkSync('../../no/such/file', join(root, 'gone.yaml'));
    git('add', 'gone.yaml');
    git('commit', '--quiet', '--no-verify', '-m', 'gone');
    try {
      const later = await GitTreeFileTree.load(root, 'HEAD');
      expect(readOutcome(later, 'gone.yaml')).toEqual({ error: 'PathEscape' });
      expect(readOutcome(new DiskFileTree(root), 'gone.yaml')).toBeUndefined();
      expect(later.list()).not.toContain('gone.yaml');
      expect(readOutcome(later, 'escape.yaml/x')).toEqual({ error: 'PathEscape' });
      expect(readOutcome(new DiskFileTree(root), 'escape.yaml/x')).toBeUndefined();
    } finally {
      git('reset', '--quiet', '--hard', 'HEAD~1');
    }
  });

  it('reads the commit it was given, not the work tree', async () => {
    writeFileSync(join(root, 'platter.yaml'), 'edited, not committed\n');
    try {
      expect((await GitTreeFileTree.load(root, 'HEAD')).read('platter.yaml')).toBe('platter\n');
    } finally {
      git('checkout', '--quiet', '--', 'platter.yaml');
    }
  });

  it('names what a write of some paths meets: directories on the way, and the entries in the way or below', () => {
    expect(tree.entriesOnPaths(['envs/prod/kustomization.yaml', 'envs/new/file.yaml', 'apps/x/y.yaml'])).toEqual({
      dirs: ['envs', 'envs/prod'],
      files: ['envs/prod/kustomization.yaml'],
    });
    // A directory where a file goes, a file or link where a directory is needed, a submodule.
    expect(
      tree.entriesOnPaths(['envs/prod/secrets', 'platter.yaml/x', 'envs-link/prod/x.yaml', 'vendor/sub/x']),
    ).toEqual({
      dirs: ['envs', 'envs/prod', 'vendor'],
      files: ['envs-link', 'envs/prod/secrets/db.yaml.encrypted', 'platter.yaml', 'vendor/sub'],
    });
  });

  it('loaded on top of a previous tree, it reads the new commit: changed, added and deleted files, links too', async () => {
    writeFileSync(join(root, 'platter.yaml'), 'changed\n');
    mkdirSync(join(root, 'envs/qa'));
    writeFileSync(join(root, 'envs/qa/kustomization.yaml'), 'qa\n');
    rmSync(join(root, 'empty.yaml'));
    git('add', '--all');
    git('commit', '--quiet', '--no-verify', '-m', 'next');
    try {
      const next = await GitTreeFileTree.load(root, 'HEAD', { previous: tree });
      const fresh = await GitTreeFileTree.load(root, 'HEAD');
      expect(next.list('')).toEqual(fresh.list(''));
      for (const path of fresh.list('')) expect([path, next.read(path)]).toEqual([path, fresh.read(path)]);
      expect([next.read('platter.yaml'), next.read('alias.yaml'), next.read('empty.yaml')]).toEqual([
        'changed\n',
        'changed\n',
        undefined,
      ]);
      // The previous tree still reads its own commit.
      expect([tree.read('platter.yaml'), tree.read('envs/qa/kustomization.yaml')]).toEqual(['platter\n', undefined]);
    } finally {
      git('reset', '--quiet', '--hard', 'HEAD~1');
    }
  });

  it('a missing commit is GitFailed', async () => {
    await expect(GitTreeFileTree.load(root, '0123456789abcdef0123456789abcdef01234567')).rejects.toMatchObject({
      code: 'GitFailed',
    });
  });
});
