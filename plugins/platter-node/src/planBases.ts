import { PlanBase } from '@platter/render';
import type { FileTree } from '@platter/model';

/**
 * Commits kept parsed: the mirror's latest, and the one or two before it that
 * a task's plan step or a preview started a moment earlier may still be on.
 */
export const DEFAULT_PLAN_BASES = 3;

/**
 * The mirrored commits parsed for planning (issue 17): one PlanBase per commit,
 * shared by the plan preview, the actions' plan step and the catalog provider
 * of one backend, so a commit is parsed and walked once, not once per request.
 *
 * Bounded: at most `capacity` commits, the least recently used goes first
 * (a PlanBase of the 1,000-env fleet holds about what parsing and walking it
 * takes; tools/bench P10 measures it). A snapshot is immutable, so a base
 * never goes stale; a commit whose tree is another object (another mirror's
 * snapshot of it) gets a base of its own, since plan() takes a base only with
 * the very tree it was made of.
 */
export class PlanBases {
  private readonly bases = new Map<string, PlanBase>();

  constructor(readonly capacity: number = DEFAULT_PLAN_BASES) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new TypeError(`PlanBases: capacity must be a positive integer, got ${capacity}`);
  }

  /** The base of the snapshot's commit: the same object for the same commit and tree while it is kept. */
  of(snapshot: { readonly commit: string; readonly tree: FileTree }): PlanBase {
    const kept = this.bases.get(snapshot.commit);
    const base = kept && kept.source === snapshot.tree ? kept : PlanBase.of(snapshot.tree, { commit: snapshot.commit });
    // Most recently used last: Map keeps insertion order.
    this.bases.delete(snapshot.commit);
    this.bases.set(snapshot.commit, base);
    while (this.bases.size > this.capacity) this.bases.delete(this.bases.keys().next().value as string);
    return base;
  }

  /** The commits kept, least recently used first. */
  get commits(): string[] {
    return [...this.bases.keys()];
  }
}
