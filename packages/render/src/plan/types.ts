import type {
  Actor,
  ChangeRequest,
  Diagnostic,
  FileChange,
  Fleet,
  FreezeOverride,
  RequestKind,
  RequestOf,
  ReviewPath,
} from '@platter/model';
import type { RepositoryReader } from '../parse';
import type { RenderScope } from '../render';
import type { RenderedDiff } from '../renderedDiff';

/**
 * A planned change: what was asked, what it changes (file by file, with a
 * unified diff), where it lands, what secrets it still needs, and who must
 * review it. Plans never hold secret values: the request is redacted and secret
 * files appear only encrypted.
 */
export interface Plan {
  /** The request, redacted (secret values replaced by key names). */
  readonly request: ChangeRequest;
  /** Identity of the request for idempotency (the Platter-Request trailer). */
  readonly requestHash: string;
  /** One line saying what was requested (the commit subject). */
  readonly title: string;
  /** The commit the plan was made on, when planned against a git repository. */
  readonly baseCommit?: string;
  readonly changes: readonly FileChange[];
  /** Unified diff of all changes (empty for an empty plan). */
  readonly diff: string;
  readonly affected: { readonly stages: readonly string[]; readonly environments: readonly string[] };
  /** Secret keys the change makes required that some env does not have yet. */
  readonly needsSecrets: readonly { readonly env: string; readonly secret: string; readonly key: string }[];
  /**
   * What Flux would apply differently in each affected env (DESIGN §6), grouped where
   * identical, with danger findings; absent for an empty plan.
   */
  readonly renderedDiff?: RenderedDiff;
  readonly review: ReviewPath;
  /**
   * The active freezes (platter.yaml) this plan overrides, by a member of their
   * overrideBy groups: such a plan always goes to review (issue 19 §4).
   */
  readonly freezeOverrides?: readonly FreezeOverride[];
  /** Warnings (deprecations, needed secrets): the plan is valid regardless. */
  readonly diagnostics: readonly Diagnostic[];
}

/** What a planner reads: the repository (parsed lazily), who asks, and the clock. */
export interface PlannerContext {
  readonly reader: RepositoryReader;
  readonly actor: Actor;
  readonly now: Date;
}

/**
 * What a planner returns: the affected part of the model before and after the
 * request, and which entities to render. Render turns it into file changes, so
 * planners never write YAML. `files` carries changes that are not derived from
 * the model (an encrypted secret file).
 */
export interface PlannerResult {
  readonly before: Fleet;
  readonly after: Fleet;
  readonly scope: RenderScope;
  readonly files?: readonly FileChange[];
  readonly diagnostics?: readonly Diagnostic[];
  /**
   * Why a tenant's change needs platform review although it touches only the
   * tenant's paths (a cloud class the stage does not allow as is): any one sends it to review.
   */
  readonly reviewReasons?: readonly Diagnostic[];
}

export type Planner<K extends RequestKind> = (request: RequestOf<K>, ctx: PlannerContext) => PlannerResult;

/** A planner per request kind: a kind without one does not compile. */
export type PlannerTable = { readonly [K in RequestKind]: Planner<K> };
