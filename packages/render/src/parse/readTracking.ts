import type { FileTree } from '@platter/model';

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

/** Paths a change touches (repository paths, normalized), for asking whether some reads saw any of them. */
export class ChangedPaths {
  private readonly files: ReadonlySet<string>;
  /** Every directory holding a changed path (its listing may differ), '' included. */
  private readonly dirs: ReadonlySet<string>;

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
  }

  /** Whether the change adds, modifies or deletes this file. */
  includes(path: string): boolean {
    return this.files.has(path);
  }

  /** True when the change can make a computation with these reads come out differently. */
  touches(reads: Reads): boolean {
    const seen = new Set<Reads>();
    const visit = (r: Reads): boolean => {
      if (seen.has(r)) return false;
      seen.add(r);
      if (r.tainted) return true;
      for (const f of r.files) if (this.files.has(f)) return true;
      for (const d of r.dirs) if (this.dirs.has(d)) return true;
      for (const p of r.parts) if (visit(p)) return true;
      return false;
    };
    return visit(reads);
  }
}
