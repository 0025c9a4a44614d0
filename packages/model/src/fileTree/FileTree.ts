import { normalizeRepoPath } from './paths';
import { byteOrder } from './byteOrder';

/**
 * A repository as Platter sees it: files by path, read on demand. The parser asks
 * only for what it needs, so a disk-backed tree (gitops-repo) reads only the
 * files a request touches, and a large fleet is never loaded whole.
 */
export interface FileTree {
  /** Content of the file, or undefined when there is none. */
  read(path: string): string | undefined;
  /** Every file path under `dir` (recursive; '' for the whole tree), sorted. */
  list(dir?: string): string[];
  /** Names of the immediate subdirectories of `dir`, sorted. */
  dirs(dir: string): string[];
}

export type FileChangeOp = 'add' | 'modify' | 'delete';

/** One file changed by a render or a plan, with both sides for the diff. */
export interface FileChange {
  readonly path: string;
  readonly op: FileChangeOp;
  readonly before?: string;
  readonly after?: string;
}

/** A FileTree held in memory: the tree of tests, of plans, and of rendered output. */
export class MemoryFileTree implements FileTree {
  private readonly files: Map<string, string>;
  private sorted?: string[];

  constructor(files?: Iterable<readonly [string, string]> | Record<string, string>) {
    this.files = new Map();
    const entries =
      files === undefined
        ? []
        : Symbol.iterator in Object(files)
          ? (files as Iterable<readonly [string, string]>)
          : Object.entries(files as Record<string, string>);
    for (const [path, content] of entries) this.files.set(normalizeRepoPath(path), content);
  }

  static from(tree: FileTree): MemoryFileTree {
    if (tree instanceof MemoryFileTree) return tree.clone();
    return new MemoryFileTree(tree.list('').map((p) => [p, tree.read(p) as string] as const));
  }

  clone(): MemoryFileTree {
    return new MemoryFileTree(this.files);
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  get size(): number {
    return this.files.size;
  }

  write(path: string, content: string): void {
    const p = normalizeRepoPath(path);
    if (!this.files.has(p)) this.sorted = undefined;
    this.files.set(p, content);
  }

  delete(path: string): void {
    if (this.files.delete(path)) this.sorted = undefined;
  }

  list(dir = ''): string[] {
    const all = this.paths();
    if (!dir) return [...all];
    return pathsUnder(all, dir);
  }

  dirs(dir: string): string[] {
    const prefix = dir ? `${dir}/` : '';
    const names = new Set<string>();
    for (const path of this.list(dir)) {
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) names.add(rest.slice(0, slash));
    }
    return [...names].sort();
  }

  entries(): [string, string][] {
    return this.paths().map((p) => [p, this.files.get(p)!]);
  }

  toRecord(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }

  /** Applies changes in order (add/modify write `after`, delete removes). */
  apply(changes: readonly FileChange[]): this {
    for (const change of changes) {
      if (change.op === 'delete') this.delete(normalizeRepoPath(change.path));
      else this.write(change.path, change.after ?? '');
    }
    return this;
  }

  private paths(): string[] {
    if (!this.sorted) this.sorted = [...this.files.keys()].sort(comparePaths);
    return this.sorted;
  }
}

/** Byte order of paths: {@link byteOrder}. */
export const comparePaths = byteOrder;

/** The paths of `sorted` (in {@link comparePaths} order) that lie below the directory `dir`, found by binary search. */
export function pathsUnder(sorted: readonly string[], dir: string): string[] {
  const prefix = `${dir}/`;
  const out: string[] = [];
  for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]!.startsWith(prefix); i++)
    out.push(sorted[i]!);
  return out;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Changes that turn `before` into `after` (both full trees), sorted by path. */
export function diffTrees(before: FileTree, after: FileTree): FileChange[] {
  const changes: FileChange[] = [];
  const paths = new Set([...before.list(''), ...after.list('')]);
  for (const path of [...paths].sort(comparePaths)) {
    const a = before.read(path);
    const b = after.read(path);
    if (a === b) continue;
    if (a === undefined) changes.push({ path, op: 'add', after: b });
    else if (b === undefined) changes.push({ path, op: 'delete', before: a });
    else changes.push({ path, op: 'modify', before: a, after: b });
  }
  return changes;
}

/** A tree seen through pending changes, without copying the base (used by planners on large repos). */
export class OverlayFileTree implements FileTree {
  private readonly overlay = new Map<string, string | null>();

  constructor(private readonly base: FileTree) {}

  read(path: string): string | undefined {
    const v = this.overlay.get(path);
    if (v === null) return undefined;
    return v ?? this.base.read(path);
  }

  list(dir = ''): string[] {
    const prefix = dir ? `${dir}/` : '';
    const set = new Set(this.base.list(dir));
    for (const [p, v] of this.overlay) {
      if (!p.startsWith(prefix)) continue;
      if (v === null) set.delete(p);
      else set.add(p);
    }
    return [...set].sort(comparePaths);
  }

  dirs(dir: string): string[] {
    // The base's directories and those the overlay adds, without listing every file below dir (a plan's tree
    // after its change is asked for envs/, runtime/ and the top level of a fleet of thousands of files, and the
    // base of a plan keeps its listings); a directory the overlay deletes a file of is listed to see it still
    // holds one.
    const prefix = dir ? `${dir}/` : '';
    const names = new Set(this.base.dirs(dir));
    const lost = new Set<string>();
    for (const [p, v] of this.overlay) {
      if (!p.startsWith(prefix)) continue;
      const slash = p.indexOf('/', prefix.length);
      if (slash <= prefix.length) continue;
      const name = p.slice(prefix.length, slash);
      if (v === null) lost.add(name);
      else names.add(name);
    }
    for (const name of lost) if (!this.list(`${prefix}${name}`).length) names.delete(name);
    return [...names].sort();
  }

  apply(changes: readonly FileChange[]): this {
    for (const c of changes) this.overlay.set(normalizeRepoPath(c.path), c.op === 'delete' ? null : (c.after ?? ''));
    return this;
  }

  /** The changes made on top of the base, net of no-ops, sorted by path. */
  changes(): FileChange[] {
    const out: FileChange[] = [];
    for (const path of [...this.overlay.keys()].sort(comparePaths)) {
      const before = this.base.read(path);
      const after = this.read(path);
      if (before === after) continue;
      if (before === undefined) out.push({ path, op: 'add', after });
      else if (after === undefined) out.push({ path, op: 'delete', before });
      else out.push({ path, op: 'modify', before, after });
    }
    return out;
  }
}
