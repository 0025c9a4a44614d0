import { randomUUID } from 'node:crypto';
import { requestSubject, type Actor, type ChangeRequest } from '@platter/model';
import type { Plan } from '@platter/render';

/**
 * The commit message of a planned request, and the names Platter gives to
 * commits and branches (DESIGN §4), in one place: applyRequest and commitPlan
 * both commit through it, and findAppliedRequest reads what it writes.
 *
 * ```
 * Onboard app cart (team-a) 0.1.0 to stage staging      <- plan.title
 *
 * Files (8):                                             <- at most 20 listed
 *   add apps/cart/base/kustomization.yaml
 *   modify CODEOWNERS
 * Environments: staging-eu
 * Stages: staging
 * Review: direct
 *
 * Platter-Request: 3f9c0a1b2c3d4e5f                       <- plan.requestHash (covers the submission's requestId)
 * Requested-By: user:default/jane                        <- actor.user, else tenant:<t> / platform
 * ```
 * The trailers are the last paragraph and nothing else is, so `git
 * interpret-trailers` and `%(trailers)` read them. Nothing of the request's
 * secrets is in the message: plans are redacted, the files are encrypted.
 */

/** A commit author or committer. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

/** Who Platter commits as when nobody is named. */
export const PLATTER_IDENTITY: GitIdentity = { name: 'Platter', email: 'platter@localhost' };

export const REQUEST_TRAILER = 'Platter-Request';
export const REQUESTED_BY_TRAILER = 'Requested-By';

/** Files listed by name in the body; the rest are counted. */
export const MAX_LISTED_FILES = 20;

/** Who a commit was made for: the actor's user ref, else `tenant:<name>` or `platform`. */
export function requestedBy(actor: Actor): string {
  const who = actor.user ?? (actor.kind === 'tenant' ? `tenant:${actor.tenant}` : 'platform');
  return oneLine(who);
}

/** The commit message for a plan made for `actor` (see the module comment). */
/** What a commit reads of a plan: a request's Plan, or a plan made outside the request kinds (`platter adopt`). */
export type CommittablePlan = Pick<Plan, 'title' | 'requestHash' | 'changes' | 'affected' | 'review' | 'baseCommit'>;

export function formatCommitMessage(plan: CommittablePlan, actor: Actor): string {
  const files = plan.changes.slice(0, MAX_LISTED_FILES).map((c) => `  ${c.op} ${oneLine(c.path)}`);
  const more = plan.changes.length - files.length;
  const body = [
    `Files (${plan.changes.length}):`,
    ...files,
    ...(more > 0 ? [`  … and ${more} more`] : []),
    `Environments: ${plan.affected.environments.join(', ') || 'none'}`,
    `Stages: ${plan.affected.stages.join(', ') || 'none'}`,
    `Review: ${plan.review}`,
  ];
  const trailers = [
    `${REQUEST_TRAILER}: ${oneLine(plan.requestHash)}`,
    `${REQUESTED_BY_TRAILER}: ${requestedBy(actor)}`,
  ];
  // Never an empty subject: git would drop the blank first line and make the body's first line the subject.
  const subject = oneLine(plan.title) || `Platter request ${oneLine(plan.requestHash).slice(0, 12)}`;
  return `${subject}\n\n${body.join('\n')}\n\n${trailers.join('\n')}\n`;
}

/**
 * The branch a request is proposed on (mode `branch`): `platter/<kind>/<subject>`,
 * kind in kebab case (`platter/onboard-app/cart`). One branch per subject: a
 * re-run, or a newer request about the same subject, force-updates it.
 * Characters a ref may not hold become `-`.
 */
export function requestBranchName(request: ChangeRequest): string {
  const kind = request.kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  const subject = requestSubject(request)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.lock$/, '-lock');
  return `platter/${kind}/${subject || 'request'}`;
}

/**
 * The id of a new submission (DESIGN §6: exactly once means one submission),
 * for a request that carries none: two submissions of the same content are two
 * requests, and a retry of one submission carries its id again.
 */
export function newRequestId(): string {
  return `submission-${randomUUID()}`;
}

/** Values of the `Platter-Request` trailer in a `%(trailers:key=…,valueonly)` block. */
export function parseTrailerValues(block: string): string[] {
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Message text must not break the message's shape: newlines in a title or value become spaces. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').trim();
