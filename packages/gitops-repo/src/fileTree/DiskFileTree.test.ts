import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPlatterError } from '@platter/model';
import { DiskFileTree } from './DiskFileTree';
import { readDirectoryTree } from './readDirectoryTree';

let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'platter-disk-'));
  root = join(base, 'repo');
  outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'outside\n');
  for (const path of [
    'platter.yaml',
    'envs/prod/kustomization.yaml',
    'envs/prod/secrets/db.yaml.encrypted',
    'envs/staging/kustomization.yaml',
    'runtime/ingress-nginx/1.0.0/_base/kustomization.yaml',
    'Z-upper.txt',
    '.git/config',
    '.git/objects/ab/cdef',
    'vendor/sub/.git',
  ]) {
    put(path, `${path}\n`);
  }
  symlinkSync('platter.yaml', join(root, 'alias.yaml')); // in-root file link: a file
  symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.yaml')); // escapes: hidden
  symlinkSync(outside, join(root, 'outdir')); // escapes: hidden
  symlinkSync('envs', join(root, 'envs-link')); // in-root directory link: not entered
  symlinkSync('nowhere', join(root, 'dangling.yaml')); // dangling: hidden
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

function put(path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

const visible = [
  'Z-upper.txt',
  'alias.yaml',
  'envs/prod/kustomization.yaml',
  'envs/prod/secrets/db.yaml.encrypted',
  'envs/staging/kustomization.yaml',
  'platter.yaml',
  'runtime/ingress-nginx/1.0.0/_base/kustomization.yaml',
];

describe('DiskFileTree', () => {
  it('lists files recursively in byte order, without .git, escaping or dangling links', () => {
    const tree = new DiskFileTree(root);
    expect(tree.list()).toEqual(visible);
    expect(tree.list('envs')).toEqual(visible.filter((p) => p.startsWith('envs/')));
    expect(tree.list('envs/prod/secrets')).toEqual(['envs/prod/secrets/db.yaml.encrypted']);
    expect(tree.list('nope')).toEqual([]);
    expect(tree.list('platter.yaml')).toEqual([]);
    // Asked by name, a directory link is listed when it stays inside, never when it leads out.
    expect(tree.list('envs-link/prod/secrets')).toEqual(['envs-link/prod/secrets/db.yaml.encrypted']);
    expect(tree.list('outdir')).toEqual([]);
    expect(tree.dirs('outdir')).toEqual([]);
  });

  it('lists immediate subdirectories', () => {
    const tree = new DiskFileTree(root);
    expect(tree.dirs('')).toEqual(['envs', 'runtime', 'vendor']);
    expect(tree.dirs('envs')).toEqual(['prod', 'staging']);
    expect(tree.dirs('envs/prod/secrets')).toEqual([]);
    expect(tree.dirs('nope')).toEqual([]);
  });

  it('reads on demand: content is read when asked, listings are cached until refresh()', () => {
    const tree = new DiskFileTree(root);
    expect(tree.list('envs')).toHaveLength(3);
    put('envs/prod/kustomization.yaml', 'changed\n');
    put('envs/dev/kustomization.yaml', 'new\n');
    expect(tree.read('envs/prod/kustomization.yaml')).toBe('changed\n');
    expect(tree.list('envs')).toHaveLength(3);
    tree.refresh();
    expect(tree.list('envs')).toHaveLength(4);
  });

  it('reads files and in-root links; missing paths and directories are undefined', () => {
    const tree = new DiskFileTree(root);
    expect(tree.read('platter.yaml')).toBe('platter.yaml\n');
    expect(tree.read('alias.yaml')).toBe('platter.yaml\n');
    expect(tree.read('./envs//prod/kustomization.yaml')).toBe('envs/prod/kustomization.yaml\n');
    expect(tree.read('nope.yaml')).toBeUndefined();
    expect(tree.read('envs')).toBeUndefined();
    expect(tree.read('dangling.yaml')).toBeUndefined();
    expect(tree.read('vendor/sub/.git')).toBeUndefined();
  });

  it.each([
    ['an escaping file link', 'leak.yaml'],
    ['a file below an escaping directory link', 'outdir/secret.txt'],
    ['a parent directory', '../outside/secret.txt'],
    ['an absolute path', '/etc/passwd'],
    ['.git', '.git/config'],
    ['a backslash', 'envs\\prod'],
  ])('reading through %s is PathEscape', (_name, path) => {
    const tree = new DiskFileTree(root);
    let error: unknown;
    try {
      tree.read(path);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'PathEscape')).toBe(true);
  });

  it('looks at the file on every read: a file replaced by an escaping link is PathEscape', () => {
    const tree = new DiskFileTree(root);
    expect(tree.read('envs/prod/kustomization.yaml')).toBe('envs/prod/kustomization.yaml\n');
    rmSync(join(root, 'envs/prod/kustomization.yaml'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'envs/prod/kustomization.yaml'));
    expect(() => tree.read('envs/prod/kustomization.yaml')).toThrow(expect.objectContaining({ code: 'PathEscape' }));
    rmSync(join(root, 'envs/prod/kustomization.yaml'));
    symlinkSync('../staging/kustomization.yaml', join(root, 'envs/prod/kustomization.yaml'));
    expect(tree.read('envs/prod/kustomization.yaml')).toBe('envs/staging/kustomization.yaml\n');
  });

  it('a missing root is an empty tree', () => {
    const tree = new DiskFileTree(join(base, 'nope'));
    expect(tree.list()).toEqual([]);
    expect(tree.dirs('')).toEqual([]);
    expect(tree.read('platter.yaml')).toBeUndefined();
  });

  it('shows the same files as readDirectoryTree', async () => {
    const memory = await readDirectoryTree(root);
    const disk = new DiskFileTree(root);
    expect(memory.list()).toEqual(disk.list());
    for (const p of disk.list()) expect(memory.read(p)).toBe(disk.read(p));
  });
});
