import type { Fleet } from '@platter/model';
import { validateRepository, type ParseResult, type PlanBase, type ValidateRepositoryResult } from '@platter/render';
import type { RepositorySnapshot } from '@platter/gitops-repo';
import { PlanBases } from '@platter/plugin-platter-node';

/** What the routes need of the mirror (RepositoryMirror has it). */
export interface SnapshotSource {
  snapshot(options?: { fresh?: boolean; allowStale?: boolean }): Promise<RepositorySnapshot>;
}

/** Answers kept per commit (the oldest goes first): enough for the filters typed in a few minutes. */
export const ANSWERS_PER_COMMIT = 64;

/**
 * The repository as the routes read it: the mirror's latest snapshot, and what
 * is derived from it (the parsed fleet, the validation findings) computed once
 * per commit, since snapshots are immutable. The parse is the commit's PlanBase
 * (`bases`: shared with the actions and the catalog provider when the plugin
 * passes the repository service's), which the preview plans on too. Validation
 * also depends on the date (sunset rules), so its entry is keyed by commit and
 * day. Only the latest commit's answers are kept.
 */
export class RepositoryView {
  private owners?: { commit: string; fleet: Fleet | undefined };
  private validated?: { key: string; result: ValidateRepositoryResult };
  private answers?: { commit: string; byKey: Map<string, unknown> };

  constructor(
    private readonly source: SnapshotSource,
    private readonly clock: () => Date = () => new Date(),
    private readonly bases: PlanBases = new PlanBases(),
  ) {}

  /** The snapshot's commit parsed once for every plan and read on it. */
  base(snapshot: RepositorySnapshot): PlanBase {
    return this.bases.of(snapshot);
  }

  /** The latest snapshot; with `allowStale` (read-only views), the last one at once while git fetches for the next read. */
  snapshot(options: { allowStale?: boolean } = {}): Promise<RepositorySnapshot> {
    return this.source.snapshot(options.allowStale ? { allowStale: true } : undefined);
  }

  /**
   * An answer derived from the snapshot's commit, computed once per commit and
   * key (a route and its query): the Menu page's answers are the same for
   * every user until the next commit. At most {@link ANSWERS_PER_COMMIT} per
   * commit; a new commit drops them all.
   */
  answer<T>(snapshot: RepositorySnapshot, key: string, compute: () => T): T {
    if (this.answers?.commit !== snapshot.commit) this.answers = { commit: snapshot.commit, byKey: new Map() };
    const { byKey } = this.answers;
    if (byKey.has(key)) return byKey.get(key) as T;
    const value = compute();
    if (byKey.size >= ANSWERS_PER_COMMIT) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, value);
    return value;
  }

  now(): Date {
    return this.clock();
  }

  /** The whole fleet at the snapshot's commit (undefined when platter.yaml does not parse). */
  fleet(snapshot: RepositorySnapshot): Fleet | undefined {
    return this.parse(snapshot).model;
  }

  /**
   * Just what says who owns what (settings, tenants, stages and the menu; no
   * envs or apps), for resolving the actor of a plan: a preview on a large
   * fleet parses only what its request touches (DESIGN §2: large repos parse lazily).
   */
  ownership(snapshot: RepositorySnapshot): Fleet | undefined {
    if (this.owners?.commit !== snapshot.commit) {
      // The base's reader: what this parses, plans on the commit do not parse again.
      this.owners = {
        commit: snapshot.commit,
        fleet: this.base(snapshot).reader.partialFleet({ environments: [], apps: [] }),
      };
    }
    return this.owners.fleet;
  }

  parse(snapshot: RepositorySnapshot): ParseResult {
    return this.base(snapshot).parsed();
  }

  /** Everything `platter validate` finds without kustomize, at the snapshot's commit, today. */
  validation(snapshot: RepositorySnapshot): ValidateRepositoryResult {
    const now = this.now();
    const key = `${snapshot.commit}@${now.toISOString().slice(0, 10)}`;
    // On the base's reader: the walks are the ones plans on this commit take over.
    if (this.validated?.key !== key)
      this.validated = {
        key,
        result: validateRepository(snapshot.tree, { now, reader: this.base(snapshot).walked() }),
      };
    return this.validated.result;
  }
}
