import { linkSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fleet, MemoryFileTree } from '@platter/model';
import { generateRepository, type FleetShape } from '@platter/tools-fleet';
import { mustRun, tempDir, timed } from './util';

/** Identity and settings for the benchmark's own git commands (no hooks, no signing, no background gc). */
export const GIT_CONFIG = [
  '-c',
  'user.name=Platter Bench',
  '-c',
  'user.email=bench@example.org',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'gc.auto=0',
  '-c',
  'maintenance.auto=false',
  '-c',
  'core.autocrlf=false',
];

export const git = (cwd: string, args: readonly string[]) =>
  mustRun('git', [...GIT_CONFIG, ...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });

export interface FleetRepo {
  readonly shape: FleetShape;
  readonly fleet: Fleet;
  /** A checkout on disk (a git work tree with one commit on `main`). */
  readonly dir: string;
  /** A bare repository cloned from it: the remote of P2. */
  readonly remote: string;
  /** file:// URL of the remote (so `--depth` is honoured, as applyRequest does). */
  readonly remoteUrl: string;
  /** The commit `main` has in `remote`. */
  readonly base: string;
  readonly files: number;
  readonly bytes: number;
  readonly generateMs: number;
  readonly writeMs: number;
}

/** Writes a tree's files under `dir` (plain writes: this is setup, not Platter's writer). */
export function writeTree(tree: MemoryFileTree, dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const made = new Set<string>();
  for (const [path, content] of tree.entries()) {
    const abs = join(dir, path);
    const parent = dirname(abs);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(abs, content);
    files += 1;
    bytes += Buffer.byteLength(content);
  }
  return { files, bytes };
}

/**
 * Generates the fleet, writes it to a temp dir, commits it and makes a bare
 * remote of it. The in-memory tree is dropped afterwards (only the model is
 * kept), so it does not weigh on the measurements' garbage collection.
 */
export async function prepareFleetRepo(shape: FleetShape): Promise<FleetRepo> {
  const generated = await timed(() => generateRepository(shape));
  const root = tempDir('fleet');
  const dir = join(root, 'repo');
  const written = await timed(() => writeTree(generated.value.tree, dir));
  await git(dir, ['init', '--quiet', '--initial-branch=main']);
  await git(dir, ['add', '--all']);
  await git(dir, [
    'commit',
    '--quiet',
    '--no-verify',
    '-m',
    `Generated fleet (${shape.envs} envs, seed ${shape.seed})`,
  ]);
  const remote = join(root, 'remote.git');
  await git(root, ['clone', '--quiet', '--bare', dir, remote]);
  // Packed, as a hosted remote serves it: a local bare clone holds 15,000 loose objects, which every clone
  // packs again until a push's `gc --auto` packs them (the first runs of a bench were a second slower).
  await git(remote, ['repack', '-a', '-d', '-q']);
  const base = (await git(remote, ['rev-parse', 'refs/heads/main'])).stdout.trim();
  return {
    shape,
    fleet: generated.value.fleet,
    dir,
    remote,
    remoteUrl: pathToFileURL(remote).href,
    base,
    files: written.value.files,
    bytes: written.value.bytes,
    generateMs: generated.ms,
    writeMs: written.ms,
  };
}

/**
 * A fresh copy of the checkout (without .git) in a new temp dir: each seeded
 * fault gets its own. Files are hard links (a full copy of ~15,000 files is slow
 * on some disks), so a fault must replace a file, never write into it: use
 * {@link replaceFile} / rmSync.
 */
export function copyCheckout(repo: FleetRepo, name: string): string {
  const dir = join(tempDir(name), 'repo');
  const walk = (src: string, dst: string) => {
    mkdirSync(dst);
    for (const e of readdirSync(src, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const s = join(src, e.name);
      const d = join(dst, e.name);
      if (e.isDirectory()) walk(s, d);
      else linkSync(s, d);
    }
  };
  walk(repo.dir, dir);
  return dir;
}

/** Writes a file of a hard-linked copy as a new inode (the original checkout keeps its content). */
export function replaceFile(path: string, content: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, content);
}
