import type { FileTree } from '@platter/model';
import { isSourceIgnoreFile } from '../check/artifacts';

/**
 * What one computation over a tree read: the files it read (present or not), the
 * directories it listed, and the reads of earlier results it reused (a DAG, so a
 * stage walked once and reused by a thousand envs is recorded once).
 */
export class Reads {
  readonly files: string[] = [];
  readonly dirs: string[] = [];
  readonly parts: Reads[] = [];
  /**
   * Whether the computation met an include cycle: the walker's answer then depends
   * on the order directories were walked in, not only on the files, so it is
   * never taken over.
   */
  tainted = false;
}

/**
 * A tree that records what is read through it, per computation ({@link track}).
 * The parser reads through one, so what it parsed can be taken over for a tree
 * that differs only in files none of those reads saw (the tree after a change).
 */
export class TrackedTree implements FileTree {
  private readonly frames: Reads[] = [];

  constructor(readonly base: FileTree) {}

  read(path: string): string | undefined {
    this.frames[this.frames.length - 1]?.files.push(path);
    return this.base.read(path);
  }

  list(dir = ''): string[] {
    this.frames[this.frames.length - 1]?.dirs.push(dir);
    return this.base.list(dir);
  }

  dirs(dir: string): string[] {
    this.frames[this.frames.length - 1]?.dirs.push(dir);
    return this.base.dirs(dir);
  }

  /** Records a read of `path` whose content the caller already has (parsed earlier). */
  noteRead(path: string): void {
    this.frames[this.frames.length - 1]?.files.push(path);
  }

  /** Runs `fn`, recording what it reads (also into the computation around it). */
  track<T>(fn: () => T): { value: T; reads: Reads } {
    const reads = new Reads();
    this.frames[this.frames.length - 1]?.parts.push(reads);
    this.frames.push(reads);
    try {
      return { value: fn(), reads };
    } finally {
      this.frames.pop();
    }
  }

  /** The current computation reuses an earlier result: it depends on what that one read. */
  reuse(reads: Reads | undefined): void {
    if (reads) this.frames[this.frames.length - 1]?.parts.push(reads);
  }

  /** The current computation's result depends on more than what it read (see {@link Reads.tainted}). */
  taint(): void {
    const top = this.frames[this.frames.length - 1];
    if (top) top.tainted = true;
  }
}

/**
 * Whether a change touches every recorded read: it adds, modifies or deletes a
 * `.sourceignore` file, so what the GitRepository artifact holds, which is what
 * any walk may read (KustomizeWalker reads the artifact), changes.
 */
export function touchesEveryRead(paths: Iterable<string>): boolean {
  for (const p of paths) if (isSourceIgnoreFile(p)) return true;
  return false;
}

/** Paths a change touches (repository paths, normalized), for asking whether some reads saw any of them. */
export class ChangedPaths {
  private readonly files: ReadonlySet<string>;
  /** Every directory holding a changed path (its listing may differ), '' included. */
  private readonly dirs: ReadonlySet<string>;
  /** Whether the change touches every computation ({@link touchesEveryRead}). */
  readonly touchesEverything: boolean;

  /**
   * The change of no path, one for every reader derived for no change (a plan's
   * on a PlanBase): what it answered about a commit's reads is kept for the next.
   */
  static readonly none = new ChangedPaths([]);

  /** The change of these paths ({@link none} when there are none). */
  static of(paths: Iterable<string>): ChangedPaths {
    const list = [...paths];
    return list.length ? new ChangedPaths(list) : ChangedPaths.none;
  }

  constructor(paths: Iterable<string>) {
    const files = new Set<string>();
    const dirs = new Set<string>();
    for (const p of paths) {
      files.add(p);
      dirs.add('');
      for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
    }
    this.files = files;
    this.dirs = dirs;
    this.touchesEverything = touchesEveryRead(files);
  }

  /** Whether the change is of no path at all (it touches nothing). */
  get isEmpty(): boolean {
    return this.files.size === 0;
  }

  /** Whether the change adds, modifies or deletes this file. */
  includes(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * The answer for each recorded computation asked about (or met as a part of
   * one): a plan asks about every entity and walk of a commit it takes over,
   * through each reader and walker derived on the way, and they share parts.
   * Kept per change: the reads of a finished computation never change.
   */
  private readonly answered = new WeakMap<Reads, boolean>();

  /** True when the change can make a computation with these reads come out differently. */
  touches(reads: Reads): boolean {
    if (this.touchesEverything) return true;
    const known = this.answered.get(reads);
    if (known !== undefined) return known;
    return this.visit(reads, new Set());
  }

  // A method and loops, not closures: asked for every Flux Kustomization of every env a plan reaches.
  private visit(r: Reads, visiting: Set<Reads>): boolean {
    const answer = this.answered.get(r);
    if (answer !== undefined) return answer;
    // Reads form a DAG; a part met again while it is being visited (a cycle, which recording never makes) adds nothing.
    if (visiting.has(r)) return false;
    visiting.add(r);
    let touched = r.tainted;
    for (let i = 0; !touched && i < r.files.length; i++) touched = this.files.has(r.files[i]!);
    for (let i = 0; !touched && i < r.dirs.length; i++) touched = this.dirs.has(r.dirs[i]!);
    for (let i = 0; !touched && i < r.parts.length; i++) touched = this.visit(r.parts[i]!, visiting);
    this.answered.set(r, touched);
    return touched;
  }
}
