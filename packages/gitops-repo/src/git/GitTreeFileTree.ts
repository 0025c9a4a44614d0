import {
  PlatterError,
  comparePaths,
  normalizeRepoPath,
  pathsUnder,
  resolveRelative,
  type FileTree,
} from '@platter/model';
import { touchesGitDir } from '../fileTree/_rootPaths';
import { runGit, runGitBytes, type GitRunOptions } from './_runGit';

/** Modes of `git ls-tree` entries that are not directories. */
const SYMLINK = '120000';
const GITLINK = '160000';

/** How many symlinks one read may pass through (Linux's limit, ELOOP beyond). */
const MAX_LINK_HOPS = 40;

interface Entry {
  readonly mode: string;
  readonly oid: string;
}

/** A blob's content: bytes `start`..`end` of a `cat-file --batch` answer (shared by the blobs it holds). */
interface Blob {
  readonly data: Buffer;
  readonly start: number;
  readonly end: number;
}

interface DirEntries {
  readonly files: string[];
  readonly dirs: string[];
}

/** Where a path leads: a file's blob, a directory, or nowhere (missing, dangling, looping). */
type Resolved =
  { readonly kind: 'file'; readonly oid: string } | { readonly kind: 'dir'; readonly path: string } | undefined;

/** How git runs: `-c` settings, secrets to mask in errors. */
export type GitTreeFileTreeOptions = Pick<GitRunOptions, 'config' | 'secrets'>;

/**
 * A {@link FileTree} over one commit of a Git repository, read from its object
 * store: one `git ls-tree -r` for the listing and one `git cat-file --batch` for
 * the contents. Nothing needs to be checked out, which is what lets applyRequest
 * clone a large fleet without writing its files to disk (`clone --no-checkout`).
 *
 * It shows what {@link DiskFileTree} shows over a checkout of that commit:
 * regular files, and symlinks that resolve (relative to their directory, through
 * other links) to a regular file inside the tree; symlinked directories are
 * followed when a path is read but not listed; submodules are empty directories.
 * A read that resolves outside the repository (a `..` above the root, an
 * absolute target) throws PathEscape, as DiskFileTree does for a link whose real
 * path is outside. One difference: an escaping link counts as escaping even when
 * its target does not exist on this machine (DiskFileTree finds nothing there).
 */
export class GitTreeFileTree implements FileTree {
  /** Directory listings; '' is the root. */
  private readonly directories = new Map<string, DirEntries>();
  private visible?: string[];

  private constructor(
    /** Every non-directory entry of the commit by path (blobs, symlinks, submodules). */
    private readonly entries: ReadonlyMap<string, Entry>,
    /** Blob contents by object id: a buffer of `cat-file --batch` output and offsets into it. */
    private readonly blobs: ReadonlyMap<string, Blob>,
  ) {
    this.directories.set('', { files: [], dirs: [] });
    for (const [path, entry] of entries) {
      const slash = path.lastIndexOf('/');
      const dir = slash < 0 ? '' : path.slice(0, slash);
      const name = path.slice(slash + 1);
      const listing = this.directory(dir);
      // A submodule is checked out as an (empty) directory.
      if (entry.mode === GITLINK) this.directory(path);
      else listing.files.push(name);
    }
    for (const listing of this.directories.values()) {
      listing.files.sort(comparePaths);
      listing.dirs.sort(comparePaths);
    }
  }

  /**
   * Reads the tree of `treeish` (a commit, `HEAD`...) of the repository at `repoDir`.
   * With `previous` (a tree of the same repository), blobs it already holds are
   * not read again: a commit that changed a few files of a large fleet costs one
   * listing and those files (RequestQueue reads each commit of a batch so).
   * With `contents: false`, only the listing: reading a file then throws, but
   * listings and {@link entriesOnPaths} answer (what committing a plan made
   * elsewhere needs; the contents of a large fleet are most of the cost).
   */
  static async load(
    repoDir: string,
    treeish: string,
    options: GitTreeFileTreeOptions & { readonly previous?: GitTreeFileTree; readonly contents?: boolean } = {},
  ): Promise<GitTreeFileTree> {
    const ctx: GitRunOptions = {
      cwd: repoDir,
      ...(options.config ? { config: options.config } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
    };
    const { stdout } = await runGit(['ls-tree', '-r', '-z', '--full-tree', `${treeish}^{tree}`], ctx);
    const entries = new Map<string, Entry>();
    for (const record of stdout.split('\0')) {
      if (!record) continue;
      // "<mode> SP <type> SP <oid> TAB <path>"
      const tab = record.indexOf('\t');
      const [mode, , oid] = record.slice(0, tab).split(' ');
      const path = record.slice(tab + 1);
      // Git refuses to check out a `.git` path; DiskFileTree never shows one either.
      if (touchesGitDir(path)) continue;
      entries.set(path, { mode: mode!, oid: oid! });
    }
    const known = options.previous?.blobs;
    const blobs = new Map<string, Blob>();
    const wanted: string[] = [];
    for (const oid of new Set([...entries.values()].filter((e) => e.mode !== GITLINK).map((e) => e.oid))) {
      const blob = known?.get(oid);
      if (blob) blobs.set(oid, blob);
      else wanted.push(oid);
    }
    if (wanted.length && options.contents !== false) {
      const data = await runGitBytes(['cat-file', '--batch'], { ...ctx, input: `${wanted.join('\n')}\n` });
      for (const [oid, blob] of parseBatch(data, wanted.length)) blobs.set(oid, blob);
    }
    return new GitTreeFileTree(entries, blobs);
  }

  read(path: string): string | undefined {
    const repoPath = normalizeRepoPath(path);
    if (touchesGitDir(repoPath)) return undefined;
    const target = this.resolve(repoPath, repoPath, 0);
    return target?.kind === 'file' ? this.content(target.oid) : undefined;
  }

  list(dir = ''): string[] {
    const all = this.visibleFiles();
    if (dir === '') return [...all];
    const asked = normalizeRepoPath(dir);
    const real = this.realDirectory(asked);
    if (real === undefined) return [];
    if (real === '') return all.map((p) => `${asked}/${p}`);
    const under = pathsUnder(all, real);
    return real === asked ? under : under.map((p) => asked + p.slice(real.length));
  }

  dirs(dir: string): string[] {
    const real = dir === '' ? '' : this.realDirectory(normalizeRepoPath(dir));
    const listing = real === undefined ? undefined : this.directories.get(real);
    return listing ? [...listing.dirs] : [];
  }

  /**
   * What a write of `paths` meets in this tree, for a partial checkout: each
   * path's parents that are directories (`dirs`), and the entries that are in
   * the way or about to be replaced (`files`: a parent that is a file, symlink
   * or submodule, the path itself, everything below it when it is a directory).
   */
  entriesOnPaths(paths: readonly string[]): { readonly dirs: string[]; readonly files: string[] } {
    const dirs = new Set<string>();
    const files = new Set<string>();
    for (const path of paths) {
      const segments = path.split('/');
      for (let i = 1; i <= segments.length; i++) {
        const sub = segments.slice(0, i).join('/');
        if (this.entries.has(sub)) {
          files.add(sub);
          break; // nothing of the tree lies below a file
        }
        if (!this.directories.has(sub)) break; // neither does anything below a missing path
        if (i < segments.length) dirs.add(sub);
        else for (const p of this.entries.keys()) if (p.startsWith(`${sub}/`)) files.add(p);
      }
    }
    return { dirs: [...dirs].sort(comparePaths), files: [...files].sort(comparePaths) };
  }

  /**
   * The directory `dir` is, links followed (a listing asked through a linked
   * directory shows its target's files under the asked name, as on disk), or
   * undefined when it is none. A link out of the repository lists nothing.
   */
  private realDirectory(dir: string): string | undefined {
    if (this.directories.has(dir)) return dir;
    try {
      const target = this.resolve(dir, dir, 0);
      return target?.kind === 'dir' ? target.path : undefined;
    } catch {
      return undefined;
    }
  }

  private directory(dir: string): DirEntries {
    let listing = this.directories.get(dir);
    if (!listing) {
      listing = { files: [], dirs: [] };
      this.directories.set(dir, listing);
      const slash = dir.lastIndexOf('/');
      this.directory(slash < 0 ? '' : dir.slice(0, slash)).dirs.push(dir.slice(slash + 1));
    }
    return listing;
  }

  private visibleFiles(): string[] {
    if (!this.visible) {
      const out: string[] = [];
      for (const [path, entry] of this.entries) {
        if (entry.mode === GITLINK) continue;
        if (entry.mode !== SYMLINK) out.push(path);
        else if (this.isFileLinkInside(path)) out.push(path);
      }
      this.visible = out.sort(comparePaths);
    }
    return this.visible;
  }

  /** A symlink is listed when it resolves, inside the tree, to a regular file. */
  private isFileLinkInside(path: string): boolean {
    try {
      return this.resolve(path, path, 0)?.kind === 'file';
    } catch {
      return false; // escapes: readable only as an error
    }
  }

  /**
   * Follows `path` segment by segment as the file system would in a checkout:
   * a symlink's target replaces the path up to it (relative to the link's
   * directory), a file in the middle of a path is a dead end (ENOTDIR).
   */
  private resolve(path: string, asked: string, hops: number): Resolved {
    const segments = path.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const sub = segments.slice(0, i).join('/');
      const last = i === segments.length;
      const entry = this.entries.get(sub);
      if (!entry) {
        if (!this.directories.has(sub)) return undefined;
        if (last) return { kind: 'dir', path: sub };
        continue;
      }
      if (entry.mode === GITLINK) return last ? { kind: 'dir', path: sub } : undefined;
      if (entry.mode !== SYMLINK) return last ? { kind: 'file', oid: entry.oid } : undefined;
      if (hops >= MAX_LINK_HOPS) return undefined; // a loop: ELOOP, nothing to read
      const target = this.content(entry.oid);
      // Relative to the link's directory, as the file system resolves it; an absolute target is outside.
      const inside = target.startsWith('/') ? undefined : resolveRelative(segments.slice(0, i - 1).join('/'), target);
      if (inside === undefined) {
        throw new PlatterError(
          'PathEscape',
          `"${asked}": "${sub}" is a symlink to ${target}, outside the repository`,
          asked,
        );
      }
      const next = [...(inside ? [inside] : []), ...segments.slice(i)].join('/');
      if (next === '') return { kind: 'dir', path: '' }; // a link to the root itself
      return this.resolve(next, asked, hops + 1);
    }
    return undefined;
  }

  private content(oid: string): string {
    const blob = this.blobs.get(oid);
    if (!blob) throw new Error(`internal: blob ${oid} was not read`);
    return blob.data.toString('utf8', blob.start, blob.end);
  }
}

/** Each object of `cat-file --batch` output ("<oid> <type> <size>\n<content>\n" per object), by object id. */
function parseBatch(data: Buffer, count: number): Map<string, Blob> {
  const out = new Map<string, Blob>();
  let pos = 0;
  while (pos < data.length) {
    const eol = data.indexOf(0x0a, pos);
    if (eol < 0) break;
    const [oid, type, size] = data.toString('latin1', pos, eol).split(' ');
    if (type !== 'blob' || size === undefined)
      throw new PlatterError(
        'GitFailed',
        `git cat-file: object ${oid} is ${type === 'missing' ? 'missing' : `a ${type}`}, not a blob`,
      );
    const start = eol + 1;
    const end = start + Number(size);
    out.set(oid!, { data, start, end });
    pos = end + 1;
  }
  if (out.size !== count)
    throw new PlatterError('GitFailed', `git cat-file answered for ${out.size} of ${count} objects`);
  return out;
}
