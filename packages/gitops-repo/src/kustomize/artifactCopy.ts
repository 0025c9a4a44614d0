import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { gitArtifactPaths } from '@platter/render';
import { parse } from 'yaml';
import { KUSTOMIZATION_FILE_NAMES, normalizeSpecPath } from './fluxGenerator';
import { cmp } from './checks';
import { isRecord } from './manifests';
import { DiskFileTree } from '../fileTree/DiskFileTree';

/**
 * The oracle's scratch copy of a repository: what Flux's source-controller packs
 * into an artifact, so builds can rewrite kustomization files the way
 * kustomize-controller does without ever touching the user's repository.
 * @internal
 */

export interface Scratch {
  /** Real path of the copy's root. */
  readonly root: string;
  dispose(): Promise<void>;
}

/**
 * Copies `repoRoot` into a new temporary directory, minus what source-controller
 * leaves out of the GitRepository artifact: Flux's default exclusions and the
 * repository's `.sourceignore` files (render's rule, which `platter check` reads the repository by).
 */
export async function copyToScratch(repoRoot: string): Promise<Scratch> {
  const inArtifact = gitArtifactPaths(new DiskFileTree(repoRoot));
  const base = await mkdtemp(join(tmpdir(), 'platter-oracle-'));
  const root = join(realpathSync(base), 'repo');
  try {
    await cp(repoRoot, root, {
      recursive: true,
      filter: (source) => {
        if (source === repoRoot) return true;
        const path = relative(repoRoot, source).split(sep).join('/');
        let isDir = false;
        try {
          isDir = statSync(source).isDirectory();
        } catch {
          return true; // a dangling symlink: copy it as it is
        }
        return inArtifact(isDir ? `${path}/` : path);
      },
    });
  } catch (e) {
    await rm(base, { recursive: true, force: true });
    throw e;
  }
  return { root, dispose: () => rm(base, { recursive: true, force: true }) };
}

/** The kustomization file name a directory has, if any (kustomize's order). */
export function findKustomizationFileName(absDir: string): string | undefined {
  return KUSTOMIZATION_FILE_NAMES.find((name) => isFile(join(absDir, name)));
}

/**
 * What Flux's `scanManifests` lists for a directory without a kustomization file:
 * walking in name order (Go's filepath.Walk), each `*.yaml`/`*.yml` file, and each
 * sub-directory that has a kustomization file (not descended into), as `./rel/path`.
 */
export function scanGeneratedResources(absDir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = readdirSync(rel ? join(absDir, rel) : absDir, { withFileTypes: true }).sort((a, b) =>
      cmp(a.name, b.name),
    );
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (findKustomizationFileName(join(absDir, path))) out.push(`./${path}`);
        else walk(path);
      } else if (extname(e.name) === '.yaml' || extname(e.name) === '.yml') out.push(`./${path}`);
    }
  };
  walk('');
  return out;
}

/**
 * Repository directories a build of `dir` reads: itself and, transitively, every
 * local directory its kustomization lists under resources, components or bases (a
 * directory without kustomization file: all directories below it). Undefined when a
 * kustomization cannot be read: the caller must then assume it reads everything.
 */
export function readDirClosure(
  root: string,
  dir: string,
  cache: Map<string, ReadonlySet<string> | undefined>,
): ReadonlySet<string> | undefined {
  if (cache.has(dir)) return cache.get(dir);
  cache.set(dir, new Set([dir])); // cycles (kustomize rejects them) stop here
  const result = new Set([dir]);
  const absDir = dir ? join(root, dir) : root;
  const file = findKustomizationFileName(absDir);
  let ok = true;
  if (!file) {
    const walk = (rel: string) => {
      for (const e of safeReaddir(join(root, rel))) {
        if (!e.isDirectory()) continue;
        const sub = rel ? `${rel}/${e.name}` : e.name;
        result.add(sub);
        walk(sub);
      }
    };
    walk(dir);
  } else {
    let kus: unknown;
    try {
      kus = parse(readFileSync(join(absDir, file), 'utf8'));
    } catch {
      ok = false;
    }
    if (isRecord(kus)) {
      for (const field of ['resources', 'components', 'bases']) {
        for (const entry of Array.isArray(kus[field]) ? kus[field] : []) {
          if (typeof entry !== 'string' || entry.includes('://') || /^(git@|github\.com|gh:)/.test(entry)) continue;
          const target = normalizeSpecPath(dir ? `${dir}/${entry}` : entry);
          if (target === undefined || !isDirectory(target ? join(root, target) : root)) continue;
          const sub = readDirClosure(root, target, cache);
          if (!sub) ok = false;
          else sub.forEach((d) => result.add(d));
        }
      }
    }
  }
  const value = ok ? result : undefined;
  cache.set(dir, value);
  return value;
}

/** One rewritten kustomization file, in place in the scratch copy. */
export interface Mutation {
  /** File name inside the build directory. */
  readonly file: string;
  readonly content: string;
}

/**
 * Writes `mutation` into `absDir`, runs `fn`, and puts the original back (or removes
 * the file when there was none). Refuses to write where the real path leaves the
 * scratch root (a symlink into the user's repository).
 */
export async function withMutation<T>(
  root: string,
  absDir: string,
  mutation: Mutation,
  fn: () => Promise<T>,
): Promise<T> {
  const target = join(absDir, mutation.file);
  const realDir = realpathSync(absDir);
  if (realDir !== root && !realDir.startsWith(`${root}${sep}`)) {
    throw new Error(`refusing to rewrite ${mutation.file}: its directory resolves outside the scratch copy`);
  }
  const original = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  // rm first: a symlinked file is replaced, never written through.
  await rm(target, { force: true });
  await writeFile(target, mutation.content);
  try {
    return await fn();
  } finally {
    await rm(target, { force: true });
    if (original !== undefined) await writeFile(target, original);
  }
}

export const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

const safeReaddir = (path: string) => {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return [];
  }
};
