import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryFileTree } from '@platter/model';
import { GIT_DIR, isInside } from './_rootPaths';

/** Files read at once: enough to keep the disk busy, few enough to stay far from EMFILE. */
const READ_CONCURRENCY = 32;

/**
 * Reads a whole directory into memory (for small repositories, tests and the
 * embedded demo; large fleets should use a lazy {@link DiskFileTree}). Same view
 * as DiskFileTree: `.git` entries are skipped, symlinks count only when they
 * resolve inside the root to a regular file, symlinked directories are not entered.
 */
export async function readDirectoryTree(root: string): Promise<MemoryFileTree> {
  const realRoot = await realpath(root);
  const paths: string[] = [];
  await walk(realRoot, realRoot, '', paths);
  const contents = new Array<string>(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      contents[i] = await readFile(join(realRoot, paths[i]!), 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, worker));
  return new MemoryFileTree(paths.map((p, i) => [p, contents[i]!] as const));
}

async function walk(realRoot: string, abs: string, dir: string, out: string[]): Promise<void> {
  const prefix = dir ? `${dir}/` : '';
  for (const d of await readdir(abs, { withFileTypes: true })) {
    if (d.name === GIT_DIR) continue;
    const child = join(abs, d.name);
    if (d.isFile()) out.push(prefix + d.name);
    else if (d.isDirectory()) await walk(realRoot, child, prefix + d.name, out);
    else if (d.isSymbolicLink() && (await isFileLinkInside(realRoot, child))) out.push(prefix + d.name);
  }
}

async function isFileLinkInside(realRoot: string, link: string): Promise<boolean> {
  try {
    const real = await realpath(link);
    return isInside(realRoot, real) && (await stat(real)).isFile();
  } catch {
    // A dangling or looping link has no content to show: it is not read.
    return false;
  }
}
