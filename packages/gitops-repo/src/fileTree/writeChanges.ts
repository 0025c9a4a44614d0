import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readlink, realpath, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { RequestRejected, diagnostic, normalizeRepoPath, type Diagnostic, type FileChange } from '@platter/model';
import { errnoCode, isInside, isMissing, touchesGitDir } from './_rootPaths';

/**
 * Writes file changes (a plan's output) into a directory: the only way Platter
 * writes to a repository on disk.
 *
 * Stage 1 checks the whole batch and writes nothing if any change is bad: every
 * path must be a repository path (normalizeRepoPath: no `..`, no absolute path, no
 * `\`, nothing in `.git`), no existing component of it may be a symlink that
 * resolves outside the root (PathEscape), and the batch must fit the tree (a file
 * cannot be written where a directory is, or below a file: InvalidRequest). All
 * findings are reported at once (RequestRejected, code of the first).
 *
 * Stage 2 applies the changes in order. Each file is replaced atomically (a temp
 * file in the same directory, flushed, then renamed over the target, keeping the
 * target's mode), so a reader never sees half a file. Parent directories are
 * created; `delete` removes the file (a missing one is fine) and then every parent
 * directory it left empty. The batch as a whole is not a transaction: an I/O
 * failure in stage 2 (a full disk) leaves the changes before it applied.
 * Add and modify write `after` (an absent `after` writes an empty file, as
 * MemoryFileTree.apply does).
 */
export async function writeChanges(root: string, changes: readonly FileChange[]): Promise<void> {
  const absRoot = resolve(root);
  const planned = await checkChanges(absRoot, changes);
  for (const { path, change } of planned) {
    const target = join(absRoot, path);
    if (change.op === 'delete') {
      await removeFile(target);
      await removeEmptyParents(absRoot, path);
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeAtomically(target, change.after ?? '');
    }
  }
}

interface PlannedChange {
  readonly path: string;
  readonly change: FileChange;
}

async function checkChanges(absRoot: string, changes: readonly FileChange[]): Promise<PlannedChange[]> {
  const realRoot = await realpath(absRoot);
  const problems: Diagnostic[] = [];
  const planned: PlannedChange[] = [];
  for (const change of changes) {
    let path: string;
    try {
      path = normalizeRepoPath(change.path);
    } catch (e) {
      problems.push(diagnostic('PathEscape', (e as Error).message, String(change.path)));
      continue;
    }
    if (touchesGitDir(path)) {
      problems.push(diagnostic('PathEscape', `path "${path}" is inside a .git directory`, path));
      continue;
    }
    const problem = await checkOnDisk(absRoot, realRoot, path, change.op);
    if (problem) problems.push(problem);
    else planned.push({ path, change });
  }
  problems.push(...checkBatchShape(planned));
  if (problems.length > 0) {
    // A path escape is the finding that matters most: it leads (and gives the error its code).
    const escapesFirst = [...problems].sort(
      (a, b) => Number(b.code === 'PathEscape') - Number(a.code === 'PathEscape'),
    );
    throw new RequestRejected(escapesFirst, 'file changes');
  }
  return planned;
}

/** Walks the existing components of `path` from the root down. */
async function checkOnDisk(
  absRoot: string,
  realRoot: string,
  path: string,
  op: FileChange['op'],
): Promise<Diagnostic | undefined> {
  const segments = path.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const sub = segments.slice(0, i).join('/');
    const abs = join(absRoot, sub);
    const last = i === segments.length;
    let info;
    try {
      info = await lstat(abs);
    } catch (e) {
      if (isMissing(e)) return undefined; // nothing below exists either: it will be created
      throw e;
    }
    if (info.isSymbolicLink()) {
      const real = await resolveLink(abs);
      if (!isInside(realRoot, real)) {
        return diagnostic(
          'PathEscape',
          `"${path}": "${sub}" is a symlink to ${real}, outside the repository ${absRoot}`,
          path,
        );
      }
      if (last) return undefined; // the link itself is replaced (or deleted), never written through
      info = await stat(abs).catch(() => undefined);
      if (!info)
        return diagnostic('InvalidRequest', `"${path}": "${sub}" is a dangling symlink, not a directory`, path);
    }
    if (!last && !info.isDirectory()) {
      return diagnostic('InvalidRequest', `"${path}": "${sub}" is a file, not a directory`, path);
    }
    if (last && info.isDirectory()) {
      return diagnostic(
        'InvalidRequest',
        `"${path}" is a directory; ${op === 'delete' ? 'only files are deleted' : 'a file cannot replace it'}`,
        path,
      );
    }
  }
  return undefined;
}

/** Where a link points: its real path, or (dangling) its target resolved against its real directory. */
async function resolveLink(abs: string): Promise<string> {
  try {
    return await realpath(abs);
  } catch (e) {
    if (!isMissing(e) && errnoCode(e) !== 'ELOOP') throw e;
    return resolve(await realpath(dirname(abs)), await readlink(abs));
  }
}

/** Within the batch: no file may be written where another change puts a directory. */
function checkBatchShape(planned: readonly PlannedChange[]): Diagnostic[] {
  const written = new Set(planned.filter((p) => p.change.op !== 'delete').map((p) => p.path));
  const out: Diagnostic[] = [];
  for (const { path } of planned) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (written.has(parent)) {
        out.push(
          diagnostic(
            'InvalidRequest',
            `"${path}" needs "${parent}" to be a directory, but this batch writes it as a file`,
            path,
          ),
        );
        break;
      }
    }
  }
  return out;
}

async function writeAtomically(target: string, content: string): Promise<void> {
  const temp = join(dirname(target), `.${randomBytes(6).toString('hex')}.platter-tmp`);
  const mode = await stat(target).then(
    (s) => s.mode & 0o7777,
    () => 0o644,
  );
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.chmod(mode); // open() applies the umask; keep the target's mode exactly
    await handle.sync();
  } catch (e) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

async function removeFile(target: string): Promise<void> {
  try {
    await unlink(target);
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
}

/** Removes the directories of `path` that are now empty, deepest first, never the root. */
async function removeEmptyParents(absRoot: string, path: string): Promise<void> {
  const segments = path.split('/');
  for (let i = segments.length - 1; i >= 1; i--) {
    const dir = join(absRoot, segments.slice(0, i).join('/'));
    try {
      if (!(await lstat(dir)).isDirectory()) return; // a symlinked directory stays
      await rmdir(dir);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || isMissing(e)) return;
      throw e;
    }
  }
}
