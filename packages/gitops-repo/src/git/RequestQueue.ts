import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPlatterError, requestHash, type Actor, type ChangeRequest } from '@platter/model';
import type { Plan } from '@platter/render';
import { BACKOFF_CAP_MS, backoffDelay, sleep } from './_backoff';
import { conflict, git, readRequestTrailers, shortId, type GitContext } from './_commit';
import { redactUrl, secretsOfRemote } from './_redact';
import { CLONE_PREFIX, markOwner, removeStaleClones } from './_staleClones';
import {
  appliedPlan,
  applyRequest,
  checkDirect,
  clearWorkTree,
  cloneTarget,
  commitInClone,
  DEFAULT_APPLY_TIMEOUT_MS,
  DEFAULT_HISTORY_DEPTH,
  fetchHead,
  isBaseOf,
  isPlannedOn,
  lsRemote,
  prepare,
  push,
  remoteUrl,
  tempCloneConfig,
  type ApplyOptions,
  type ApplyResult,
  type ApplyRun,
} from './applyRequest';
import { newRequestId } from './commitMessage';
import { GitTreeFileTree } from './GitTreeFileTree';

/**
 * Group commit (issue 17 goal 3): the requests one process lands on the same
 * remote and branch in mode `direct` are planned on one head and pushed
 * together, one commit per request.
 *
 * `apply(remote, request, options)` answers what applyRequest answers for the
 * request alone; meanwhile the request waits in the lane of its remote and
 * branch. One worker per lane drains it in rounds, in one temporary clone kept
 * while the lane has work:
 *
 * 1. fetch the branch's head (with `historyDepth` commits: the trailer search
 *    of every request of the round at once; when the remote is still at what
 *    the last round pushed, one `ls-remote` instead); a request whose
 *    `Platter-Request` trailer is there is `already-applied` at once (exactly
 *    once means one submission, DESIGN §6, whichever process landed it);
 * 2. take the waiting requests in order and plan each on the tree of the one
 *    before (seal + plan, or the caller's plan while the head is its base),
 *    commit each whole with its own trailers (applyRequest's steps 3 and 4); a
 *    request that fails to plan or write gets its own error and no commit, and
 *    the next one is planned on the same tree. A round stops taking requests
 *    after planning for `roundBudgetMs` (the rest wait for the next round), so
 *    its push comes early enough to win a race with another process;
 * 3. push the chain in one compare-and-swap on the head seen in 1. Only then is
 *    any outcome of the round reported: committed means on the remote, and a
 *    `no-changes` or a failure decided on top of the round's commits holds
 *    only once those landed;
 * 4. a push rejected because the branch moved (another process pushed) puts
 *    the round's requests back at the front, in order, and after a backoff
 *    (_backoff.ts, in slots of one plan) the next round plans them again on the
 *    new head, taking at most half as many as the lost round planned (doubling
 *    again after a round lands). A request whose timeout (counted from its
 *    first round) has passed gives up then with Conflict, as applyRequest does.
 *    A push rejected for any other reason fails the round's requests with it.
 *    A lane that saw another writer in the last minute (a lost race, a head
 *    that moved under it) waits a random 0 to 2 plans' time after a round that
 *    landed: else its next round, started at once, would beat the other
 *    writer's re-plan every time and starve it.
 *
 * Requests in mode `branch` (a review branch of their own) or with an
 * `expectedBase` are not batched: they run applyRequest as they are.
 */
export interface RequestQueueOptions {
  /** A round stops taking requests once it has planned this long, and pushes. @default 5000 */
  readonly roundBudgetMs?: number;
}

/** @internal Test hooks (to move the remote underneath a round): not exported from the package. */
export interface RequestQueueTestHooks {
  /** Runs after a round's commits are made and before they are pushed. */
  readonly onBeforePush?: (info: { readonly round: number; readonly commits: number }) => void | Promise<void>;
  /** Runs after a round's push landed, before the next round starts. */
  readonly onAfterPush?: (info: { readonly round: number; readonly head: string }) => void | Promise<void>;
}

export const DEFAULT_ROUND_BUDGET_MS = 5_000;
/** How long a lane keeps making room for another writer after it last saw one (a lost race, a foreign push). */
const CONTENTION_MEMORY_MS = 60_000;

const PLATFORM: Actor = { kind: 'platform' };

/** One request waiting in (or held by) a lane. */
interface Entry {
  readonly remote: string;
  readonly run: ApplyRun;
  readonly timeoutMs: number;
  readonly resolve: (r: ApplyResult) => void;
  readonly reject: (e: unknown) => void;
  /** Set by its first round: no round takes it after this (ms since the epoch). */
  deadline?: number;
  /** Rounds that planned it. */
  attempts: number;
  /** Whether one of its plans succeeded: a later rejection means the moved branch no longer takes it (Conflict). */
  plannedOnce: boolean;
}

/** What a round decided for one request, reported once its commits are on the remote. */
type Decision =
  | { readonly plan: Plan; readonly outcome: ApplyResult['outcome']; readonly commit?: string }
  | { readonly error: unknown };

/** The requests of one remote and branch, and the worker's clone while it runs. */
interface Lane {
  readonly pending: Entry[];
  /** Taken by the running round. */
  held: Entry[];
  running: boolean;
  /** Outcomes the last round decided, reported after it (and after the clone is removed when nothing waits). */
  readonly settled: (() => void)[];
  /** The most requests the next round plans (halved after a lost race, doubled after a landed round). */
  limit: number;
  rounds: number;
  /** Until when another writer is taken to be pushing to this branch too (ms since the epoch). */
  contendedUntil: number;
  /** How long to wait before the next round (a round that landed while contended makes room). */
  pauseMs: number;
}

interface Clone {
  readonly work: string;
  ctx: GitContext;
  readonly branch: string;
  url: string;
  /** The tree last read in this clone (of commit `treeAt`): the next load reads only the blobs it lacks. */
  tree?: GitTreeFileTree;
  treeAt?: string;
  /**
   * The branch's head as this clone last knew it for sure (fetched, or pushed by
   * the last round), the depth of history fetched below it, and the requests
   * that history carries. While the remote is still there, a round needs no fetch.
   */
  known?: { readonly head: string; readonly depth: number; readonly landed: Map<string, string> };
}

export class RequestQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly budgetMs: number;

  constructor(private readonly options: RequestQueueOptions & RequestQueueTestHooks = {}) {
    this.budgetMs = Math.max(0, options.roundBudgetMs ?? DEFAULT_ROUND_BUDGET_MS);
  }

  /** How many requests for `remote` and `branch` (the remote's default: undefined) are waiting or being landed. */
  size(remote: string, branch?: string): number {
    const lane = this.lanes.get(laneKey(remote, branch));
    return lane ? lane.pending.length + lane.held.length : 0;
  }

  /**
   * Lands `request` as {@link applyRequest} does, together with the other
   * requests this queue holds for the same remote and branch (see the module
   * comment). The result's `attempts` counts the rounds that planned it.
   */
  apply(remote: string, parsed: ChangeRequest, options: ApplyOptions): Promise<ApplyResult> {
    if (options.mode !== 'direct' || options.expectedBase !== undefined) return applyRequest(remote, parsed, options);
    const request: ChangeRequest = parsed.requestId === undefined ? { ...parsed, requestId: newRequestId() } : parsed;
    const key = laneKey(remote, options.branch);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = {
        pending: [],
        held: [],
        running: false,
        settled: [],
        limit: Number.POSITIVE_INFINITY,
        rounds: 0,
        contendedUntil: 0,
        pauseMs: 0,
      };
      this.lanes.set(key, lane);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_APPLY_TIMEOUT_MS;
    const result = new Promise<ApplyResult>((resolve, reject) =>
      lane.pending.push({
        remote,
        run: {
          request,
          hash: requestHash(request),
          actor: options.actor ?? PLATFORM,
          options,
          deadline: Number.POSITIVE_INFINITY, // per round, from Entry.deadline
          historyDepth: Math.max(1, Math.floor(options.historyDepth ?? DEFAULT_HISTORY_DEPTH)),
          shown: redactUrl(remote),
        },
        timeoutMs,
        resolve,
        reject,
        attempts: 0,
        plannedOnce: false,
      }),
    );
    if (!lane.running) {
      lane.running = true;
      // Next turn of the event loop: requests submitted together (Promise.all) join the first round.
      setImmediate(() => void this.drain(key, lane));
    }
    return result;
  }

  /** The lane's worker: rounds until nothing waits, in one clone; then the clone is removed. */
  private async drain(key: string, lane: Lane): Promise<void> {
    let clone: Clone | undefined;
    try {
      while (lane.pending.length) {
        try {
          clone ??= await openClone(lane.pending[0]!);
          await this.round(lane, clone);
        } catch (e) {
          // The round itself failed (a push refused for another reason than a race): every request it
          // held fails with it. Failing before it took any (clone, fetch), it fails what waits: they
          // all need that remote. The next round starts from a fresh clone.
          for (const entry of lane.held.length ? lane.held.splice(0) : lane.pending.splice(0))
            lane.settled.push(() => entry.reject(e));
          await removeClone(clone);
          clone = undefined;
        }
        if (!lane.pending.length) {
          // Like applyRequest, the clone is gone when the last outcome is reported.
          await removeClone(clone);
          clone = undefined;
        }
        for (const settle of lane.settled.splice(0)) settle();
        if (lane.pauseMs && lane.pending.length) await sleep(lane.pauseMs);
        lane.pauseMs = 0;
      }
    } finally {
      await removeClone(clone);
      lane.running = false;
      if (lane.pending.length) {
        lane.running = true;
        setImmediate(() => void this.drain(key, lane));
      } else if (this.lanes.get(key) === lane) this.lanes.delete(key);
    }
  }

  /** One round (steps 1 to 4 of the module comment). Requests it settles leave `lane.held`; what is left there when it throws fails with it. */
  private async round(lane: Lane, clone: Clone): Promise<void> {
    const round = ++lane.rounds;
    const newest = lane.pending[lane.pending.length - 1]!;
    await useRemote(clone, newest.remote); // the newest credentials (a token asked for in its turn)
    const { ctx, branch } = clone;
    const depth = Math.max(...lane.pending.map((e) => e.run.historyDepth));
    const started = Date.now();

    // 1. The head and the requests its history carries; requests already there are answered at once.
    const { head, landed, moved } = await refreshHead(clone, depth);
    if (moved) lane.contendedUntil = Date.now() + CONTENTION_MEMORY_MS;

    // 2. Plan and commit in order, each on the tree of the one before.
    const decisions = new Map<Entry, Decision>();
    const inRound = new Map<string, string>(); // request hash -> its commit in this round
    let tip = head;
    let planned = 0;
    const planStarted = Date.now();
    while (lane.pending.length) {
      if (planned > 0 && (planned >= lane.limit || Date.now() - planStarted >= this.budgetMs)) break;
      // One that came meanwhile asking for a deeper trailer search than this round made waits for the next.
      if (lane.pending[0]!.run.historyDepth > depth) break;
      const entry = lane.pending.shift()!;
      const { run } = entry;
      entry.deadline ??= started + entry.timeoutMs;
      const applied = landed.get(run.hash);
      if (applied) {
        const r = result(appliedPlan(run.request, run.hash, head), 'already-applied', branch, entry, applied);
        lane.settled.push(() => entry.resolve(r));
        continue;
      }
      lane.held.push(entry);
      const twin = inRound.get(run.hash);
      if (twin) {
        // The same submission twice in one round: the second finds the first's commit.
        decisions.set(entry, {
          plan: appliedPlan(run.request, run.hash, tip),
          outcome: 'already-applied',
          commit: twin,
        });
        continue;
      }
      entry.attempts++;
      planned++;
      try {
        const p = await planOn(await treeOf(clone, tip), tip, entry, branch);
        entry.plannedOnce = true;
        if (!p.changes.length) {
          decisions.set(entry, { plan: p, outcome: 'no-changes' });
          continue;
        }
        await clearWorkTree(ctx.cwd);
        const commit = await commitInClone(ctx, run, await treeOf(clone, tip), tip, p, entry.attempts);
        tip = commit;
        inRound.set(run.hash, commit);
        decisions.set(entry, { plan: p, outcome: 'committed', commit });
      } catch (e) {
        decisions.set(entry, { error: e });
        // Nothing of a failed request stays: the next one starts from the last commit.
        await git(ctx, ['reset', '--quiet', '--soft', tip]);
      }
    }

    // 3. One push for the round's commits.
    if (tip !== head) {
      await this.options.onBeforePush?.({ round, commits: inRound.size });
      const rejected = await push(ctx, tip, branch, head);
      clone.known = undefined;
      if (rejected) {
        const current = (await lsRemote(ctx, branch).catch(() => Promise.reject(rejected))) ?? '';
        if (current === head) throw rejected;
        // 4. Lost a race: plan them again on the new head, after a backoff.
        const again = lane.held.splice(0);
        const attempt = Math.max(1, ...again.map((e) => e.attempts));
        const kept: Entry[] = [];
        for (const entry of again) {
          if (Date.now() >= entry.deadline!) {
            const gaveUp = conflict(
              `gave up after ${entry.attempts} attempts: ${branch} of ${entry.run.shown} kept moving (timeout ${entry.timeoutMs / 1000}s)`,
            );
            lane.settled.push(() => entry.reject(gaveUp));
          } else kept.push(entry);
        }
        lane.pending.unshift(...kept);
        lane.contendedUntil = Date.now() + CONTENTION_MEMORY_MS;
        lane.limit = Math.max(1, Math.floor(planned / 2));
        const slot = (Date.now() - planStarted) / Math.max(1, planned);
        await sleep(backoffDelay(attempt, Math.random(), slot));
        return;
      }
      lane.limit = Math.min(Number.POSITIVE_INFINITY, lane.limit * 2);
      // The remote is at our tip now: the next round needs no fetch while it stays there.
      for (const [hash, commit] of inRound) landed.set(hash, commit);
      clone.known = { head: tip, depth, landed };
      if (Date.now() < lane.contendedUntil) {
        // Another writer lost to this push and is planning again on it: started at once, this
        // lane's next round would finish first and win again, every time. Waiting a random
        // 0 to 2 plans' time gives both an even chance (and the other the CPU meanwhile).
        const slot = (Date.now() - planStarted) / Math.max(1, planned);
        lane.pauseMs = Math.min(BACKOFF_CAP_MS, Math.floor(Math.random() * 2 * slot));
      }
      await this.options.onAfterPush?.({ round, head: tip });
    }
    for (const entry of lane.held.splice(0)) {
      const d = decisions.get(entry)!;
      if ('error' in d) lane.settled.push(() => entry.reject(d.error));
      else {
        const r = result(d.plan, d.outcome, branch, entry, d.commit);
        lane.settled.push(() => entry.resolve(r));
      }
    }
  }
}

/**
 * Lands `requests` on `remote` as one {@link RequestQueue} does when they are
 * submitted together: the outcome of each, in the order given.
 */
export async function applyRequests(
  remote: string,
  requests: readonly ChangeRequest[],
  options: ApplyOptions & RequestQueueOptions,
): Promise<PromiseSettledResult<ApplyResult>[]> {
  const queue = new RequestQueue(options);
  return Promise.allSettled(requests.map((r) => queue.apply(remote, r, options)));
}

/** Which lane a request waits in: the remote without its user info (a new token is the same remote) and branch. */
function laneKey(remote: string, branch: string | undefined): string {
  return `${remote.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1')}\n${branch ?? ''}`;
}

/**
 * The plan of the request on `tip` (the caller's while `tip` is its base; on
 * the caller's parsed commit, ApplyOptions.base, while `tip` is that commit),
 * as applyRequest's step 3.
 */
async function planOn(tree: GitTreeFileTree, tip: string, entry: Entry, branch: string): Promise<Plan> {
  const { run } = entry;
  let p: Plan;
  try {
    const base = isBaseOf(run.options.base, tip) ? run.options.base : undefined;
    p = isPlannedOn(run.options.planned, tip, run.hash)
      ? checkDirect(run.options.planned, run.actor, 'direct')
      : await prepare(base ? base.source : tree, run.request, run.actor, run.options, tip, base);
  } catch (e) {
    if (entry.plannedOnce && isPlatterError(e)) {
      throw conflict(`${branch} moved to ${shortId(tip)} and the request no longer applies: ${e.message}`, e, e.path);
    }
    throw e;
  }
  if (p.requestHash !== run.hash) {
    // The trailer search used the hash: were they to differ, retries would commit again.
    throw new Error(`internal: plan hash ${p.requestHash} differs from the request's ${run.hash}`);
  }
  return p;
}

function result(
  plan: Plan,
  outcome: ApplyResult['outcome'],
  branch: string,
  entry: Entry,
  commit?: string,
): ApplyResult {
  return {
    plan,
    outcome,
    branch,
    ...(commit ? { commit } : {}),
    targetBranch: branch,
    attempts: Math.max(1, entry.attempts),
  };
}

/** A shallow no-checkout clone of the entry's branch, as applyRequest makes one (marked as this process's). */
async function openClone(first: Entry): Promise<Clone> {
  const { options } = first.run;
  const workDir = options.workDir ?? tmpdir();
  await removeStaleClones(workDir);
  const work = await mkdtemp(join(workDir, CLONE_PREFIX));
  const ctx: GitContext = {
    cwd: join(work, 'repo'),
    secrets: secretsOfRemote(first.remote),
    config: tempCloneConfig(work),
  };
  try {
    await markOwner(work);
    const { branch } = await cloneTarget(ctx, work, remoteUrl(first.remote), first.run);
    return { work, ctx, branch, url: first.remote };
  } catch (e) {
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/** Points the clone's origin at `remote` (the same repository, maybe with a fresher credential). */
async function useRemote(clone: Clone, remote: string): Promise<void> {
  if (clone.url === remote) return;
  clone.ctx = { ...clone.ctx, secrets: secretsOfRemote(remote) };
  await git(clone.ctx, ['remote', 'set-url', 'origin', remoteUrl(remote)]);
  clone.url = remote;
}

async function removeClone(clone: Clone | undefined): Promise<void> {
  // A clone that cannot be removed must not replace an outcome.
  if (clone) await rm(clone.work, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * The branch's head, with the requests the newest `depth` commits carry. When
 * the remote is still at the head the clone knows (the last round pushed it),
 * that is one `ls-remote`; else the head is fetched with its history and the
 * clone reset to it.
 */
async function refreshHead(
  clone: Clone,
  depth: number,
): Promise<{ head: string; landed: Map<string, string>; moved: boolean }> {
  const { ctx, branch, known } = clone;
  const current = known && known.depth >= depth ? await lsRemote(ctx, branch) : undefined;
  if (known && current === known.head) return { head: known.head, landed: new Map(known.landed), moved: false };
  clone.known = undefined;
  const head = await fetchHead(ctx, branch, depth);
  await git(ctx, ['reset', '--quiet', '--soft', head]);
  const landed = new Map<string, string>();
  for (const e of await readRequestTrailers(ctx, head, { maxCount: depth }))
    for (const hash of e.requests) if (!landed.has(hash)) landed.set(hash, e.commit);
  clone.known = { head, depth, landed };
  // Moved since this lane's last push: another writer pushes to this branch too.
  return { head, landed: new Map(landed), moved: current !== undefined };
}

/** The tree of `commit` (read when first needed: the last commit of a round is often never planned on). */
async function treeOf(clone: Clone, commit: string): Promise<GitTreeFileTree> {
  if (clone.tree && clone.treeAt === commit) return clone.tree;
  const { ctx } = clone;
  clone.tree = await GitTreeFileTree.load(ctx.cwd, commit, {
    ...(ctx.config ? { config: ctx.config } : {}),
    ...(ctx.secrets ? { secrets: ctx.secrets } : {}),
    ...(clone.tree ? { previous: clone.tree } : {}),
  });
  clone.treeAt = commit;
  return clone.tree;
}
