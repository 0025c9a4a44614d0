import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { PlatterError, comparePaths, normalizeRepoPath, type FileTree } from '@platter/model';
import { GIT_DIR, errnoCode, isInside, isMissing, touchesGitDir } from './_rootPaths';

/** What one directory holds, as the tree reports it. */
interface DirEntries {
  readonly files: readonly string[];
  readonly dirs: readonly string[];
}

const EMPTY: DirEntries = { files: [], dirs: [] };

/** readDirect's answer when the path needs the full resolution. */
const RESOLVE = Symbol('resolve');

/**
 * A {@link FileTree} over a directory on disk (a clone of the GitOps repository).
 *
 * Files are read on demand, never all at once, so parsing a large fleet reads only
 * what a request touches. Directory listings are read once and cached; call
 * {@link DiskFileTree.refresh} after the directory changed underneath.
 *
 * What it shows: regular files, and symlinks whose real path stays inside the
 * root and is a regular file. It hides every `.git` entry (repository database,
 * submodule links) and does not descend into symlinked directories (they could
 * loop, and Git stores them as links anyway). Reading a path that resolves outside
 * the root throws PathEscape; so does a path that is not a repository path (`..`,
 * absolute, `\`). Which directories are plain directories below the root (no
 * symlink on the way) is looked up once per directory, like the listings; the
 * file itself is looked at on every read.
 */
export class DiskFileTree implements FileTree {
  /** The directory as given (absolute). */
  readonly root: string;
  private realRoot?: string | null;
  private readonly entries = new Map<string, DirEntries>();
  private readonly listings = new Map<string, readonly string[]>();
  /** Directories (repository paths) known to be real directories reached from the root without a symlink. */
  private readonly plainDirs = new Set<string>(['']);

  constructor(root: string) {
    this.root = resolve(root);
  }

  read(path: string): string | undefined {
    const repoPath = normalizeRepoPath(path);
    if (touchesGitDir(repoPath)) return undefined;
    const realRoot = this.getRealRoot();
    if (realRoot === null) return undefined;
    const direct = this.readDirect(realRoot, repoPath);
    if (direct !== RESOLVE) return direct;
    let real: string;
    try {
      real = realpathSync(join(this.root, repoPath));
    } catch (e) {
      if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
      throw e;
    }
    if (!isInside(realRoot, real)) {
      throw new PlatterError(
        'PathEscape',
        `"${repoPath}" is a symlink to ${real}, outside the repository ${this.root}`,
        repoPath,
      );
    }
    if (!statSync(real).isFile()) return undefined;
    return readFileSync(real, 'utf8');
  }

  list(dir = ''): string[] {
    const key = dir === '' ? '' : normalizeRepoPath(dir);
    let listing = this.listings.get(key);
    if (!listing) {
      const out: string[] = [];
      this.collect(key, out);
      listing = out.sort(comparePaths);
      this.listings.set(key, listing);
    }
    return [...listing];
  }

  dirs(dir: string): string[] {
    return [...this.scan(dir === '' ? '' : normalizeRepoPath(dir)).dirs];
  }

  /** Forgets cached listings (after something else wrote to the directory). */
  refresh(): void {
    this.entries.clear();
    this.listings.clear();
    this.plainDirs.clear();
    this.plainDirs.add('');
    this.realRoot = undefined;
  }

  /**
   * The common case of {@link read} without resolving the whole path: the file's
   * directory is a plain directory below the root and the file is a regular file
   * (one lstat), so its real path is the root's real path joined with it and it
   * cannot escape. Anything else (a symlink, a missing or odd parent) is left to
   * the full resolution (RESOLVE), which decides exactly as before.
   */
  private readDirect(realRoot: string, repoPath: string): string | undefined | typeof RESOLVE {
    const slash = repoPath.lastIndexOf('/');
    if (!this.isPlainDir(realRoot, slash < 0 ? '' : repoPath.slice(0, slash))) return RESOLVE;
    const abs = join(realRoot, repoPath);
    let stats: Stats | undefined;
    try {
      stats = lstatSync(abs, { throwIfNoEntry: false });
    } catch {
      return RESOLVE;
    }
    if (!stats) return undefined; // missing: what realpath's ENOENT gives
    if (stats.isSymbolicLink()) return RESOLVE;
    if (!stats.isFile()) return undefined;
    return readFileSync(abs, 'utf8');
  }

  /** Whether `dir` is a real directory below the root, reached without a symlink (cached while true). */
  private isPlainDir(realRoot: string, dir: string): boolean {
    if (this.plainDirs.has(dir)) return true;
    const slash = dir.lastIndexOf('/');
    if (!this.isPlainDir(realRoot, slash < 0 ? '' : dir.slice(0, slash))) return false;
    let stats: Stats | undefined;
    try {
      stats = lstatSync(join(realRoot, dir), { throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (!stats?.isDirectory()) return false; // a symlink, a file, or nothing: not cached
    this.plainDirs.add(dir);
    return true;
  }

  private collect(dir: string, out: string[]): void {
    const { files, dirs } = this.scan(dir);
    const prefix = dir ? `${dir}/` : '';
    for (const f of files) out.push(prefix + f);
    for (const d of dirs) this.collect(prefix + d, out);
  }

  /** One readdir, classified and cached. A missing directory (or a file) holds nothing. */
  private scan(dir: string): DirEntries {
    const cached = this.entries.get(dir);
    if (cached) return cached;
    const realRoot = this.getRealRoot();
    if (realRoot === null || touchesGitDir(dir)) return EMPTY;
    const abs = join(this.root, dir);
    let dirents: Dirent[];
    try {
      // A walk from the root never enters a symlinked directory (they are not listed
      // as dirs), but a caller may ask for one by name: it is listed when it stays inside.
      if (!this.isPlainDir(realRoot, dir) && !isInside(realRoot, realpathSync(abs))) return EMPTY;
      dirents = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      if (isMissing(e) || errnoCode(e) === 'ELOOP') return EMPTY;
      throw e;
    }
    const files: string[] = [];
    const dirs: string[] = [];
    for (const d of dirents) {
      if (d.name === GIT_DIR) continue;
      if (d.isFile()) files.push(d.name);
      else if (d.isDirectory()) dirs.push(d.name);
      else if (d.isSymbolicLink() && isFileLinkInside(realRoot, join(abs, d.name))) files.push(d.name);
    }
    const result: DirEntries = { files: files.sort(comparePaths), dirs: dirs.sort(comparePaths) };
    this.entries.set(dir, result);
    return result;
  }

  /** The root's real path, or null when the root does not exist (an empty tree). */
  private getRealRoot(): string | null {
    if (this.realRoot === undefined) {
      try {
        this.realRoot = realpathSync(this.root);
      } catch (e) {
        if (!isMissing(e)) throw e;
        this.realRoot = null;
      }
    }
    return this.realRoot;
  }
}

/** A symlink counts as a file when it resolves, inside the root, to a regular file. */
function isFileLinkInside(realRoot: string, link: string): boolean {
  try {
    const real = realpathSync(link);
    return isInside(realRoot, real) && statSync(real).isFile();
  } catch {
    // A dangling or looping link has no content to show: it is not listed.
    return false;
  }
}
