import { isAbsolute, relative, sep } from 'node:path';

/**
 * Helpers shared by the disk adapters (never re-exported). A repository root is
 * compared by its real path, so a root reached through a symlink (a temp dir on
 * macOS, say) still contains its own files.
 */

/** The entry Git keeps its database in: never listed, read or written. */
export const GIT_DIR = '.git';

/** True when `target` (an absolute real path) is `root` itself or lies below it. */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** True when a repository path has a `.git` segment anywhere (submodules included). */
export const touchesGitDir = (repoPath: string): boolean => repoPath.split('/').includes(GIT_DIR);

/** The error code Node puts on failed fs calls (`ENOENT`, `ENOTDIR`...), or undefined. */
export const errnoCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Absent-path errors: the path (or one of its parents) does not exist or is not a directory. */
export const isMissing = (e: unknown): boolean => {
  const code = errnoCode(e);
  return code === 'ENOENT' || code === 'ENOTDIR';
};
