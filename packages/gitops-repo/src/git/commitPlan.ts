import { resolve } from 'node:path';
import type { Actor } from '@platter/model';
import type { CommittablePlan } from './commitMessage';
import { DiskFileTree } from '../fileTree';
import { commitPlanPaths, conflict, git, readRequestTrailers, sameCommit, shortId, type GitContext } from './_commit';
import { PLATTER_IDENTITY, type GitIdentity } from './commitMessage';

/**
 * Commits a plan in a local checkout (the CLI's `--commit`), and finds the
 * commit that applied a request. The caller has already written the plan
 * (writeChanges); commitPlan writes nothing: it checks that the files hold what
 * the plan says, stages exactly the plan's paths and commits them with the
 * Platter-Request/Requested-By trailers (commitMessage.ts). Other staged or
 * unstaged work in the checkout is left as it was. Commit hooks run.
 */

export interface CommitPlanOptions {
  /** Who asked (the Requested-By trailer). */
  readonly actor: Actor;
  /** Author and committer date. @default now */
  readonly now?: Date;
  /** Commit author. @default Platter <platter@localhost>; the committer is the checkout's configured user (Platter when none). */
  readonly author?: GitIdentity;
}

export interface CommitPlanResult {
  /** `no-changes`: the plan is empty, or HEAD already holds its files. */
  readonly outcome: 'committed' | 'no-changes';
  readonly commit?: string;
}

/**
 * Stages and commits a written plan in the checkout at `dir` (the repository
 * the plan was made on; its root or a subdirectory holding the GitOps tree).
 * Conflict when HEAD is not the plan's baseCommit (when the plan has one) or a
 * planned file does not hold what the plan wrote.
 */
export async function commitPlan(
  dir: string,
  plan: CommittablePlan,
  options: CommitPlanOptions,
): Promise<CommitPlanResult> {
  if (!plan.changes.length) return { outcome: 'no-changes' };
  const ctx: GitContext = { cwd: resolve(dir) };
  const head = (await git(ctx, ['rev-parse', '--verify', 'HEAD'])).stdout.trim();
  if (plan.baseCommit && !sameCommit(head, plan.baseCommit)) {
    throw conflict(`the plan was made on ${shortId(plan.baseCommit)} but ${dir} is at ${shortId(head)}: plan again`);
  }
  const tree = new DiskFileTree(dir);
  for (const change of plan.changes) {
    const expected = change.op === 'delete' ? undefined : (change.after ?? '');
    if (tree.read(change.path) !== expected) {
      throw conflict(
        `${change.path} does not hold what the plan ${change.op === 'delete' ? 'deleted' : 'wrote'}: write the plan (writeChanges) and commit it without editing in between`,
        undefined,
        change.path,
      );
    }
  }
  const configured = (await git(ctx, ['config', '--get', 'user.email'], { okCodes: [1] })).stdout.trim() !== '';
  const commit = await commitPlanPaths(ctx, plan, {
    actor: options.actor,
    ...(options.now ? { now: options.now } : {}),
    author: options.author ?? PLATTER_IDENTITY,
    committer: configured ? 'configured' : PLATTER_IDENTITY,
    verify: true,
  });
  return commit ? { outcome: 'committed', commit } : { outcome: 'no-changes' };
}

/**
 * The newest commit reachable from `ref` (default HEAD) whose `Platter-Request`
 * trailer is `requestHash`, or undefined. Searches the whole history the
 * checkout has (a shallow clone: only what it holds), or the newest `maxCount`
 * commits.
 */
export async function findAppliedRequest(
  dir: string,
  requestHash: string,
  options: { readonly ref?: string; readonly maxCount?: number } = {},
): Promise<string | undefined> {
  const ctx: GitContext = { cwd: resolve(dir) };
  const ref = options.ref ?? 'HEAD';
  const entries = await readRequestTrailers(ctx, ref, { grep: requestHash });
  const hit = entries.find((e) => e.requests.includes(requestHash));
  if (!hit || options.maxCount === undefined) return hit?.commit;
  // --max-count limits grep's matches, not the commits looked at: check the window separately.
  const window = await git(ctx, ['rev-list', `--max-count=${options.maxCount}`, ref, '--']);
  return window.stdout.split('\n').includes(hit.commit) ? hit.commit : undefined;
}
