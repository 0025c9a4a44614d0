import { PlatterError, type Actor } from '@platter/model';
import type { Plan } from '@platter/render';

/**
 * Applies a change request to a Git remote (DESIGN §3, §4): shallow clone, seal,
 * plan on the head, commit with `Platter-Request`/`Requested-By` trailers, push;
 * on a rejected push re-plan on the new head and retry with jitter until the
 * deadline. (Contract fixed here; implementation in progress.)
 */
export type ApplyMode = 'direct' | 'branch';

export interface ApplyOptions {
  /** Who asks: decides the review path. @default the platform team */
  readonly actor?: Actor;
  /** `direct`: commit to the target branch; `branch`: push `platter/<kind>/<subject>` (force-updated on re-runs). */
  readonly mode: ApplyMode;
  /** Target branch. @default the remote's default branch */
  readonly branch?: string;
  /** Refuse to apply unless the target branch is at this commit (Conflict otherwise). */
  readonly expectedBase?: string;
  readonly now?: Date;
  /** Commit author. @default Platter <platter@localhost> */
  readonly author?: { readonly name: string; readonly email: string };
  /** Give up retrying a rejected push after this long. @default 60000 */
  readonly timeoutMs?: number;
}

export interface ApplyResult {
  readonly plan: Plan;
  /** `committed`: pushed a new commit; `already-applied`: the remote has this request (trailer); `no-changes`: empty plan. */
  readonly outcome: 'committed' | 'already-applied' | 'no-changes';
  readonly branch: string;
  readonly commit?: string;
}

export async function applyRequest(_remote: string, _request: unknown, _options: ApplyOptions): Promise<ApplyResult> {
  throw new PlatterError('GitFailed', 'applyRequest is not implemented yet');
}
