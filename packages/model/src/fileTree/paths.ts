import { PlatterError } from '../errors';

/**
 * Repository paths are POSIX, relative to the repository root, with no `.`/`..`
 * segments. Every path that reaches a writer goes through here first, so nothing
 * Platter writes can land outside the repository (PathEscape).
 */
export function normalizeRepoPath(path: string): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new PlatterError('PathEscape', `empty path: a repository path is needed`, String(path));
  }
  if (path.includes('\0')) throw new PlatterError('PathEscape', `path contains a NUL byte`, JSON.stringify(path));
  if (path.includes('\\'))
    throw new PlatterError('PathEscape', `path "${path}" uses "\\": repository paths use "/"`, path);
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) {
    throw new PlatterError(
      'PathEscape',
      `path "${path}" is absolute: repository paths are relative to the repository root`,
      path,
    );
  }
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      throw new PlatterError('PathEscape', `path "${path}" leaves the repository root ("..")`, path);
    }
    out.push(segment);
  }
  if (out.length === 0)
    throw new PlatterError('PathEscape', `path "${path}" names the repository root, not a file`, path);
  if (out[0] === '.git') throw new PlatterError('PathEscape', `path "${path}" is inside .git`, path);
  return out.join('/');
}

/** Joins segments and normalizes; `joinPath('envs', env, 'kustomization.yaml')`. */
export const joinPath = (...segments: string[]): string => normalizeRepoPath(segments.join('/'));

/**
 * Resolves a path written inside a kustomization (relative to its directory) to a
 * repository path, or undefined when it climbs above the repository root.
 */
export function resolveRelative(fromDir: string, relative: string): string | undefined {
  const parts = fromDir ? fromDir.split('/') : [];
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}

/** Relative path from one repository directory to another (`relativePath('stages/prod', 'tenants/a/prod')` = `../../tenants/a/prod`). */
export function relativePath(fromDir: string, to: string): string {
  const from = fromDir ? fromDir.split('/') : [];
  const target = to ? to.split('/') : [];
  let common = 0;
  while (common < from.length && common < target.length && from[common] === target[common]) common++;
  const up = from.slice(common).map(() => '..');
  const rel = [...up, ...target.slice(common)].join('/');
  return rel || '.';
}

export const dirname = (path: string): string => {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
};

export const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
