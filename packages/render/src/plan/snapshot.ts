import type { FileTree } from '@platter/model';

/**
 * The tree a plan reads, read once per path: planning parses the repository
 * before the change, renders, and parses it again after the change (through an
 * overlay of the few changed files), so without this every unchanged file of a
 * disk-backed tree would be read from disk two or three times. A plan is made on
 * one state of the repository, so holding what was read is also what it should
 * see. Listings are held too: an in-memory tree lists a directory by scanning
 * every path, and a PlanBase's tree is listed by every plan made on it.
 */
export class SnapshotFileTree implements FileTree {
  private readonly files = new Map<string, string | undefined>();
  private readonly listings = new Map<string, readonly string[]>();
  private readonly subdirs = new Map<string, readonly string[]>();

  constructor(private readonly base: FileTree) {}

  read(path: string): string | undefined {
    if (this.files.has(path)) return this.files.get(path);
    const content = this.base.read(path); // a read that throws (PathEscape) is not remembered: it throws again
    this.files.set(path, content);
    return content;
  }

  list(dir = ''): string[] {
    let paths = this.listings.get(dir);
    if (!paths) this.listings.set(dir, (paths = this.base.list(dir)));
    return [...paths];
  }

  dirs(dir: string): string[] {
    let names = this.subdirs.get(dir);
    if (!names) this.subdirs.set(dir, (names = this.base.dirs(dir)));
    return [...names];
  }
}
