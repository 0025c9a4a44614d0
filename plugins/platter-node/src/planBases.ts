import { PlanBase } from '@platter/render';
import type { FileTree } from '@platter/model';

/**
 * Commits kept parsed: the mirror's latest, and the one or two before it that
 * a task's plan step or a preview started a moment earlier may still be on.
 */
export const DEFAULT_PLAN_BASES = 3;

/** How long one slice of a base's preparation runs before the event loop gets its turn (requests, other plugins). */
export const PREPARE_SLICE_MS = 10;

/** Options of {@link PlanBases}. */
export interface PlanBasesOptions {
  /**
   * Prepare the most recently used commit ahead of plans (PlanBase.prepare), in
   * slices of {@link PREPARE_SLICE_MS} between the event loop's other work,
   * once a plan has walked it. Default true.
   */
  readonly prepareAhead?: boolean;
  /** Told when preparing a base failed (it then stays as plans leave it). */
  readonly onPrepareError?: (error: unknown, commit: string | undefined) => void;
}

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
 *
 * The most recently used base, once a plan has walked it, is prepared ahead in
 * the background (PlanBase.prepare): the envs the next plans reach are checked
 * and built before they ask. Only that one: a base that stops being the most
 * recently used stops being prepared, and keeps what it has until it goes.
 * A prepared base of the 1,000-env fleet holds about 231 MiB of heap (125 MiB
 * walked; P10), so three kept bases can hold about 700 MiB at worst: lower
 * `capacity` for a smaller backend, or turn `prepareAhead` off.
 */
export class PlanBases {
  private readonly bases = new Map<string, PlanBase>();
  private preparing?: { readonly base: PlanBase; readonly steps: Iterator<string>; scheduled: boolean };
  private readonly prepared = new WeakSet<PlanBase>();

  constructor(
    readonly capacity: number = DEFAULT_PLAN_BASES,
    private readonly options: PlanBasesOptions = {},
  ) {
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
    // After the caller's plan on it (plans are synchronous): by then it has walked the commit.
    if (this.options.prepareAhead !== false && !this.prepared.has(base)) this.schedule(base);
    return base;
  }

  /** The commits kept, least recently used first. */
  get commits(): string[] {
    return [...this.bases.keys()];
  }

  /** Whether the kept base of `commit` has been prepared all through (PlanBase.prepare ran to its end). */
  isPrepared(commit: string): boolean {
    const base = this.bases.get(commit);
    return base !== undefined && this.prepared.has(base);
  }

  private schedule(base: PlanBase): void {
    if (this.preparing?.base === base && this.preparing.scheduled) return;
    if (this.preparing?.base !== base) this.preparing = { base, steps: base.prepare(), scheduled: false };
    const preparing = this.preparing;
    preparing.scheduled = true;
    // unref: background work never keeps a process (a CLI, a test) alive.
    setImmediate(() => this.slice(preparing)).unref();
  }

  /** One slice of the preparation, then the next after the event loop's other work. */
  private slice(preparing: NonNullable<PlanBases['preparing']>): void {
    preparing.scheduled = false;
    const { base } = preparing;
    const newest = [...this.bases.values()].at(-1);
    if (this.preparing !== preparing || newest !== base) return;
    // Not walked yet (the catalog's parse alone): the next plan's of() schedules it again.
    if (!base.validated) {
      this.preparing = undefined;
      return;
    }
    const until = performance.now() + PREPARE_SLICE_MS;
    try {
      do {
        if (preparing.steps.next().done) {
          this.prepared.add(base);
          this.preparing = undefined;
          return;
        }
      } while (performance.now() < until);
    } catch (error) {
      this.prepared.add(base);
      this.preparing = undefined;
      this.options.onPrepareError?.(error, base.commit);
      return;
    }
    this.schedule(base);
  }
}
