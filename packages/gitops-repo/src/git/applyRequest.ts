import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  describeRequest,
  isPlatterError,
  PlatterError,
  redactRequest,
  requestHash,
  type Actor,
  type ChangeRequest,
  type FileTree,
} from '@platter/model';
import { plan as planRequest, type Plan, type PlanBase } from '@platter/render';
import { writeChanges } from '../fileTree';
import { sealRequest } from '../sops';
import { backoffDelay, sleep } from './_backoff';
import { commitPlanPaths, conflict, git, readRequestTrailers, sameCommit, shortId, type GitContext } from './_commit';
import { redactUrl, secretsOfRemote } from './_redact';
import { GitTreeFileTree } from './GitTreeFileTree';
import { CLONE_PREFIX, markOwner, removeStaleClones } from './_staleClones';
import { newRequestId, PLATTER_IDENTITY, requestBranchName } from './commitMessage';

/** How applyRequest lands a request: on the target branch, or on a review branch of its own. */
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
  /**
   * How many of the newest commits of the target branch are searched for the
   * request's trailer before planning (fetched in steps: 1, 32, then this many).
   * Beyond it, a retried submission is still not committed twice when its
   * re-plan is empty (every planner's property); only a submission whose
   * re-plan is never empty (a secret rotation) could be. @default 256
   */
  readonly historyDepth?: number;
  /** Directory the temporary clone is made in (and removed from). @default the OS temp dir */
  readonly workDir?: string;
  /**
   * A plan of this very request (same request hash, so the same submission)
   * the caller already made from the sealed request, as the same actor, on
   * `planned.baseCommit` of the target branch (the scaffolder's planning step).
   * While the branch is at that commit it is committed as it is instead of
   * planning again; once the branch moved, or without a base commit, the
   * request is planned on the head as usual. The caller vouches for it: pass
   * only a plan this process made.
   */
  readonly planned?: Plan;
  /**
   * The target branch's commit parsed once (a backend's mirror of it, say: a
   * PlanBase of the same commit, `PlanBase.of(tree, { commit })`). When the
   * branch is at `base.commit`, the request is planned on it (issue 17: a
   * warm plan parses and validates only what the change reaches) and the
   * clone's files are never read, only its listing; the plan is the one the
   * clone's tree would give. Once the branch moved, the clone is planned as usual.
   */
  readonly base?: PlanBase;
  /**
   * Whether the plan carries its rendered diff (PlanOptions.renderedDiff): in
   * mode `branch` a pull request's body shows it; in mode `direct` nothing
   * does, so it is built only where it decides the review path (a tenant's
   * danger finding), the same path either way (issue 17: half of plan()'s time
   * on a stage of 205 envs). @default 'when-deciding' in mode direct, else 'always'
   */
  readonly renderedDiff?: 'always' | 'when-deciding';
}

export interface ApplyResult {
  readonly plan: Plan;
  /** `committed`: pushed a new commit; `already-applied`: the remote has this request (trailer); `no-changes`: empty plan. */
  readonly outcome: 'committed' | 'already-applied' | 'no-changes';
  /** Where the request is: the target branch, or `platter/<kind>/<subject>` when mode `branch` pushed (or found) it there. */
  readonly branch: string;
  /** The commit that carries the request (`committed`, `already-applied`). */
  readonly commit?: string;
  /** The branch the request targets (the remote's default unless `branch` was given). */
  readonly targetBranch: string;
  /** Attempts made: 1, plus one per push rejected because the remote moved. */
  readonly attempts: number;
}

/** @internal Test hooks (fault injection): not part of the API, not exported from the package. */
export interface ApplyTestHooks {
  /** Runs after planning and before the changes are written into the clone at `dir` (to break the write). */
  readonly onBeforeWrite?: (info: {
    readonly attempt: number;
    readonly plan: Plan;
    readonly dir: string;
  }) => void | Promise<void>;
  /** Runs after the commit is made and before it is pushed (to move the remote underneath). */
  readonly onBeforePush?: (info: { readonly attempt: number; readonly plan: Plan }) => void | Promise<void>;
  /** Runs after a push succeeded and before the result is returned (to die before reporting). */
  readonly onAfterPush?: (info: {
    readonly attempt: number;
    readonly plan: Plan;
    readonly commit: string;
  }) => void | Promise<void>;
}

export const DEFAULT_APPLY_TIMEOUT_MS = 60_000;
export const DEFAULT_HISTORY_DEPTH = 256;
/** The first deepening step of the trailer search: most retries find their commit near the tip. */
const HISTORY_FIRST_STEP = 32;

const PLATFORM: Actor = { kind: 'platform' };

/**
 * Applies a change request to a Git remote (DESIGN §3, §4), through the git CLI
 * in a temporary shallow clone that is always removed:
 *
 * 1. clone the target branch (`--depth 1 --single-branch --no-checkout`);
 *    Conflict when `expectedBase` is set and the branch is elsewhere. Nothing
 *    is checked out for planning: the plan reads the commit from the object
 *    store (GitTreeFileTree), so a fleet of thousands of files costs what
 *    fetching it costs, not what writing it to disk costs;
 * 2. idempotency first (DESIGN §6: exactly once means one submission): the
 *    request's hash covers its `requestId`, the id of one submission (a
 *    scaffolder task id, say); a request without one is a new submission and
 *    gets a fresh id here, so only this call's own retries can find it (its
 *    first attempt searches nothing). When
 *    one of the newest `historyDepth` commits of the target branch carries
 *    `Platter-Request: <hash>`, the outcome is `already-applied` and nothing
 *    is planned or pushed. Another submission with the same content is
 *    decided by its plan on the head: empty is `no-changes`, anything else
 *    lands (config set A, B, then A again lands A);
 * 3. seal the request's plaintext secrets and plan on the clone's head (or take
 *    ApplyOptions.planned when it was made on this very head; plan on
 *    ApplyOptions.base, the head already parsed, when it is this head); an
 *    empty plan is `no-changes`. Mode `direct` refuses (Forbidden) a plan that
 *    needs platform review; plan rejections pass through unchanged;
 * 4. check out only what the planned paths meet (their parent directories, the
 *    files, links or directories in their way), write the changes there with
 *    the same checks as in any checkout (writeChanges), commit exactly the
 *    planned paths with the trailers
 *    (commitMessage.ts) and push: `direct` to the target branch, `branch` to
 *    `platter/<kind>/<subject>` based on the target's head. Every push is a
 *    compare-and-swap (`--force-with-lease` on the value seen), so nothing a
 *    concurrent writer pushed is ever overwritten;
 * 5. when the push is rejected because the remote moved, fetch the new head,
 *    reset, and go back to 2 on it (the request may now be applied, empty, or
 *    no longer apply: then Conflict carrying the reason, nothing pushed). Waits
 *    between attempts grow exponentially with full jitter, in slots as long as
 *    the rejected attempt took (_backoff.ts); no attempt starts after
 *    `timeoutMs` (then Conflict). A push rejected for any other reason
 *    (a hook, a protected branch, auth) is GitFailed.
 *
 * Git failures are PlatterError('GitFailed') with git's stderr summarised and
 * credentials of the remote URL masked.
 */
export async function applyRequest(
  remote: string,
  parsed: ChangeRequest,
  options: ApplyOptions & ApplyTestHooks,
): Promise<ApplyResult> {
  if (options.mode !== 'direct' && options.mode !== 'branch') {
    throw new PlatterError('InvalidRequest', `mode ${JSON.stringify(options.mode)} is not one of direct, branch`);
  }
  const request: ChangeRequest = parsed.requestId === undefined ? { ...parsed, requestId: newRequestId() } : parsed;
  const run: ApplyRun = {
    request,
    hash: requestHash(request),
    actor: options.actor ?? PLATFORM,
    options,
    deadline: Date.now() + (options.timeoutMs ?? DEFAULT_APPLY_TIMEOUT_MS),
    historyDepth: Math.max(1, Math.floor(options.historyDepth ?? DEFAULT_HISTORY_DEPTH)),
    shown: redactUrl(remote),
  };
  // Clones a killed run left here first (issue 22 item 9), then our own, marked as ours.
  await removeStaleClones(options.workDir ?? tmpdir());
  const work = await mkdtemp(join(options.workDir ?? tmpdir(), CLONE_PREFIX));
  const dir = join(work, 'repo');
  const ctx: GitContext = { cwd: dir, secrets: secretsOfRemote(remote), config: tempCloneConfig(work) };
  try {
    await markOwner(work);
    const target = await cloneTarget(ctx, work, remoteUrl(remote), run);
    const pushRef = options.mode === 'direct' ? target.branch : requestBranchName(request);
    const history = { searched: new Set<string>(), fetchedDepth: 1, previousHead: undefined as string | undefined };
    let head = target.head;
    // A submission id made by this call: no commit can carry it before this call's first push.
    const fresh = parsed.requestId === undefined;

    for (let attempt = 1; ; attempt++) {
      const attemptStarted = Date.now();
      const done = (p: Plan, outcome: ApplyResult['outcome'], branch: string, commit?: string): ApplyResult => ({
        plan: p,
        outcome,
        branch,
        ...(commit ? { commit } : {}),
        targetBranch: target.branch,
        attempts: attempt,
      });
      if (options.expectedBase && !sameCommit(head, options.expectedBase)) {
        throw conflict(
          `${target.branch} of ${run.shown} is at ${shortId(head)}, not at the expected base ${shortId(options.expectedBase)}: plan again`,
        );
      }

      const applied =
        fresh && attempt === 1
          ? undefined
          : await findInHistory(ctx, target.branch, head, run.hash, {
              searched: history.searched,
              historyDepth: run.historyDepth,
              fetchedDepth: history.fetchedDepth,
              ...(history.previousHead ? { stopAt: history.previousHead } : {}),
            });
      if (applied) return done(appliedPlan(request, run.hash, head), 'already-applied', target.branch, applied);

      const { tree, plan: p } = await planOnHead(ctx, run, head, attempt, target.branch);
      if (!p.changes.length) return done(p, 'no-changes', target.branch);

      const commit = await commitInClone(ctx, run, tree, head, p, attempt);
      let lease = head;
      if (options.mode === 'branch') {
        const existing = await lsRemote(ctx, pushRef);
        if (existing && (await isSameProposal(ctx, pushRef, existing, commit)))
          return done(p, 'already-applied', pushRef, existing);
        lease = existing ?? '';
      }

      await options.onBeforePush?.({ attempt, plan: p });
      const rejected = await push(ctx, commit, pushRef, lease);
      if (!rejected) {
        await options.onAfterPush?.({ attempt, plan: p, commit });
        return done(p, 'committed', pushRef, commit);
      }

      await retryOrGiveUp(ctx, run, { rejected, pushRef, lease, targetBranch: target.branch, attempt, attemptStarted });
      history.previousHead = head;
      // One fetch deep enough to usually reach the previous head: the trailer search then needs no other.
      history.fetchedDepth = Math.min(HISTORY_FIRST_STEP, run.historyDepth);
      head = await moveToHead(ctx, target.branch, history.fetchedDepth);
    }
  } finally {
    // A clone that cannot be removed must not replace the outcome, or the error that ended the run.
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** What every step of one applyRequest reads. */
export interface ApplyRun {
  readonly request: ChangeRequest;
  readonly hash: string;
  readonly actor: Actor;
  readonly options: ApplyOptions & ApplyTestHooks;
  /** No attempt starts after it (ms since the epoch). */
  readonly deadline: number;
  readonly historyDepth: number;
  /** The remote as messages show it (credentials masked). */
  readonly shown: string;
}

/** Step 1: the shallow, no-checkout clone of the target branch into `ctx.cwd`; the branch and its head. GitFailed for a branch without commits. */
export async function cloneTarget(
  ctx: GitContext,
  work: string,
  url: string,
  run: ApplyRun,
): Promise<{ branch: string; head: string }> {
  const { branch } = run.options;
  await git({ ...ctx, cwd: work }, [
    'clone',
    '--quiet',
    '--no-checkout',
    '--depth=1',
    '--single-branch',
    '--no-tags',
    ...(branch ? ['--branch', branch] : []),
    '--',
    url,
    ctx.cwd,
  ]);
  const target = branch ?? (await git(ctx, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).stdout.trim();
  const head = (await git(ctx, ['rev-parse', '--verify', '--quiet', 'HEAD'], { okCodes: [1] })).stdout.trim();
  if (!head) throw new PlatterError('GitFailed', `${run.shown} has no commits on ${target}`);
  return { branch: target, head };
}

/**
 * Step 3: the plan of the request on `head` (the caller's, when it was made on
 * this very head; else sealed and planned here), with the direct-mode rule. On
 * a later attempt a rejection means the moved branch no longer takes the
 * request: Conflict carrying the reason.
 */
async function planOnHead(
  ctx: GitContext,
  run: ApplyRun,
  head: string,
  attempt: number,
  targetBranch: string,
): Promise<{ tree: GitTreeFileTree; plan: Plan }> {
  let p: Plan;
  let tree: GitTreeFileTree;
  try {
    const planned = isPlannedOn(run.options.planned, head, run.hash);
    const base = !planned && isBaseOf(run.options.base, head) ? run.options.base : undefined;
    // Planned elsewhere (the caller, or on the base): committing needs the clone's listing, not its files.
    tree = await GitTreeFileTree.load(ctx.cwd, head, { ...ctx, contents: !planned && !base });
    p = planned
      ? checkDirect(run.options.planned!, run.actor, run.options.mode)
      : await prepare(base ? base.source : tree, run.request, run.actor, run.options, head, base);
  } catch (e) {
    if (attempt > 1 && isPlatterError(e)) {
      throw conflict(
        `${targetBranch} moved to ${shortId(head)} and the request no longer applies: ${e.message}`,
        e,
        e.path,
      );
    }
    throw e;
  }
  if (p.requestHash !== run.hash) {
    // The trailer search used `hash`: were they to differ, re-runs would commit again.
    throw new Error(`internal: plan hash ${p.requestHash} differs from the request's ${run.hash}`);
  }
  return { tree, plan: p };
}

/** Step 4: checks out what the plan's paths meet, writes the changes and commits exactly the planned paths with the trailers. */
export async function commitInClone(
  ctx: GitContext,
  run: ApplyRun,
  tree: GitTreeFileTree,
  head: string,
  p: Plan,
  attempt: number,
): Promise<string> {
  await checkoutPlanPaths(ctx, tree, head, p);
  await run.options.onBeforeWrite?.({ attempt, plan: p, dir: ctx.cwd });
  await writeChanges(ctx.cwd, p.changes);
  const commit = await commitPlanPaths(ctx, p, {
    actor: run.actor,
    ...(run.options.now ? { now: run.options.now } : {}),
    author: run.options.author ?? PLATTER_IDENTITY,
    committer: PLATTER_IDENTITY,
    verify: false,
    // checkoutPlanPaths read the head's tree into the index: only the plan's paths are staged on it.
    exactIndexOn: head,
  });
  if (!commit)
    throw new Error(`internal: the plan of ${p.title} changes ${p.changes.length} files but the commit is empty`);
  return commit;
}

/**
 * Step 5, after a rejected push: returns (after the backoff) when the push lost
 * a race and another attempt may start; throws otherwise: the push's own error
 * when the ref is still what was leased (a hook, a protected branch, auth) or
 * the remote cannot even be listed, Conflict when an expected base was given or
 * the deadline passed.
 */
async function retryOrGiveUp(
  ctx: GitContext,
  run: ApplyRun,
  at: {
    rejected: PlatterError;
    pushRef: string;
    lease: string;
    targetBranch: string;
    attempt: number;
    attemptStarted: number;
  },
): Promise<void> {
  const { options } = run;
  const current = (await lsRemote(ctx, at.pushRef).catch(() => Promise.reject(at.rejected))) ?? '';
  if (current === at.lease) throw at.rejected;
  if (options.expectedBase && options.mode === 'direct') {
    // The target moved: it is no longer at the expected base, whatever it is at now.
    throw conflict(
      `${at.targetBranch} of ${run.shown} moved while applying (expected base ${shortId(options.expectedBase)}): plan again`,
    );
  }
  if (Date.now() >= run.deadline) {
    throw conflict(
      `gave up after ${at.attempt} attempts: ${at.pushRef} of ${run.shown} kept moving (timeout ${(options.timeoutMs ?? DEFAULT_APPLY_TIMEOUT_MS) / 1000}s)`,
    );
  }
  await sleep(
    Math.min(backoffDelay(at.attempt, Math.random(), Date.now() - at.attemptStarted), run.deadline - Date.now()),
  );
}

/** Fetches the target's new head (`depth` commits of history) and resets the clone to it: the index is set and the work tree filled by the next attempt. */
async function moveToHead(ctx: GitContext, branch: string, depth: number): Promise<string> {
  const head = await fetchHead(ctx, branch, depth);
  await git(ctx, ['reset', '--quiet', '--soft', head]);
  await clearWorkTree(ctx.cwd);
  return head;
}

/**
 * Seals and plans the request on the head commit's tree, and applies the
 * direct-mode rule. `base`: the head commit parsed (`tree` is then its source).
 */
export async function prepare(
  tree: FileTree,
  request: ChangeRequest,
  actor: Actor,
  options: ApplyOptions,
  head: string,
  base?: PlanBase,
): Promise<Plan> {
  const sealed = await sealRequest(tree, request, options.now ? { now: options.now } : {});
  return checkDirect(
    planRequest(tree, sealed, {
      actor,
      baseCommit: head,
      ...(base ? { base } : {}),
      renderedDiff: options.renderedDiff ?? (options.mode === 'direct' ? 'when-deciding' : 'always'),
      ...(options.now ? { now: options.now } : {}),
    }),
    actor,
    options.mode,
  );
}

/** Whether the caller's parsed commit (ApplyOptions.base) is `head`. */
export function isBaseOf(base: PlanBase | undefined, head: string): base is PlanBase {
  return base?.commit !== undefined && sameCommit(head, base.commit);
}

/** Whether the caller's plan (ApplyOptions.planned) is of this request and was made on `head`. */
export function isPlannedOn(planned: Plan | undefined, head: string, hash: string): planned is Plan {
  return (
    planned !== undefined &&
    planned.requestHash === hash &&
    planned.baseCommit !== undefined &&
    sameCommit(head, planned.baseCommit)
  );
}

/** The plan, unless mode `direct` is asked for a plan that needs platform review: Forbidden. */
export function checkDirect(p: Plan, actor: Actor, mode: ApplyMode): Plan {
  if (mode === 'direct' && p.review === 'platform-review') {
    const files = p.changes.map((c) => c.path);
    throw new PlatterError(
      'Forbidden',
      `${p.title}: needs platform review, so it cannot be committed directly by ${actor.kind === 'tenant' ? `tenant "${actor.tenant}"` : 'this actor'} ` +
        `(it changes platform-owned paths among ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}): use mode 'branch' and open a pull request`,
      files[0],
    );
  }
  return p;
}

/**
 * Makes the clone a partial checkout of `head` for writing the plan: the index
 * is `head`'s tree (so the commit holds everything else unchanged), and the work
 * tree holds what the plan's paths meet: their parent directories, and the
 * files, links and submodules in their way. writeChanges then finds on disk
 * exactly what a full checkout would show it on those paths (a symlink out of
 * the repository, a directory where a file goes), at a cost of a few files
 * instead of the whole fleet.
 */
export async function checkoutPlanPaths(ctx: GitContext, tree: GitTreeFileTree, head: string, p: Plan): Promise<void> {
  const { dirs, files } = tree.entriesOnPaths(p.changes.map((c) => c.path));
  await git(ctx, ['read-tree', head]);
  for (const d of dirs) await mkdir(join(ctx.cwd, d), { recursive: true });
  if (files.length) await git(ctx, ['checkout-index', '--force', '-z', '--stdin'], { input: `${files.join('\0')}\0` });
}

/** Empties the work tree (what the last attempt checked out and wrote), keeping the repository. */
export async function clearWorkTree(dir: string): Promise<void> {
  for (const name of await readdir(dir))
    if (name !== '.git') await rm(join(dir, name), { recursive: true, force: true });
}

/**
 * The commit among the newest `historyDepth` of `tip` that carries the request,
 * fetching history in steps (what is there, 32, historyDepth) only as far as needed.
 * Commits already searched in an earlier attempt are skipped, and the search
 * stops at the previous attempt's head (what lies below it was searched then).
 */
async function findInHistory(
  ctx: GitContext,
  branch: string,
  tip: string,
  hash: string,
  options: { searched: Set<string>; historyDepth: number; fetchedDepth: number; stopAt?: string },
): Promise<string | undefined> {
  const steps = [
    ...new Set([options.fetchedDepth, Math.min(HISTORY_FIRST_STEP, options.historyDepth), options.historyDepth]),
  ]
    .filter((d) => d >= options.fetchedDepth)
    .sort((a, b) => a - b);
  for (const depth of steps) {
    // The clone holds one commit, a re-fetch a few; deeper steps fetch more of the branch.
    if (depth > options.fetchedDepth)
      await git(ctx, ['fetch', '--quiet', '--no-tags', `--depth=${depth}`, 'origin', `refs/heads/${branch}`]);
    const entries = await readRequestTrailers(ctx, tip, { maxCount: depth });
    for (const e of entries) {
      if (options.searched.has(e.commit)) continue;
      if (e.requests.includes(hash)) return e.commit;
      options.searched.add(e.commit);
    }
    if (entries.length < depth) return undefined; // the branch has no more history
    if (options.stopAt && entries.some((e) => e.commit === options.stopAt)) return undefined;
  }
  return undefined;
}

/**
 * Whether the proposal branch already proposes exactly this change: the same
 * files on the same base. Then a retry, or another submission with the same
 * content, pushes nothing (its tip is the answer); a different change about
 * the same subject (B after A, or A again after B) replaces the proposal.
 */
async function isSameProposal(ctx: GitContext, ref: string, existing: string, commit: string): Promise<boolean> {
  await git(ctx, ['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', `refs/heads/${ref}`]);
  const [theirs, ours] = await Promise.all([commitHeader(ctx, existing), commitHeader(ctx, commit)]);
  return theirs.tree === ours.tree && theirs.parents.join() === ours.parents.join();
}

/** Tree and parents of a commit, from the raw object (a shallow clone hides the parents from rev-parse). */
async function commitHeader(ctx: GitContext, commit: string): Promise<{ tree: string; parents: string[] }> {
  const { stdout } = await git(ctx, ['cat-file', 'commit', commit]);
  const header = stdout.slice(0, stdout.indexOf('\n\n'));
  const lines = header.split('\n');
  return {
    tree: lines.find((l) => l.startsWith('tree '))?.slice(5) ?? '',
    parents: lines.filter((l) => l.startsWith('parent ')).map((l) => l.slice(7)),
  };
}

/**
 * Pushes `commit` to `refs/heads/<ref>` as a compare-and-swap: only if the ref
 * is still `lease` ('' = must not exist). Returns the GitFailed error of a
 * rejected push (the caller decides whether it was a race), undefined when pushed.
 */
export async function push(
  ctx: GitContext,
  commit: string,
  ref: string,
  lease: string,
): Promise<PlatterError | undefined> {
  try {
    await git(ctx, [
      'push',
      '--porcelain',
      '--no-verify',
      '--recurse-submodules=no',
      `--force-with-lease=refs/heads/${ref}:${lease}`,
      'origin',
      `${commit}:refs/heads/${ref}`,
    ]);
    return undefined;
  } catch (e) {
    if (isPlatterError(e, 'GitFailed')) return e;
    throw e;
  }
}

/** The commit `refs/heads/<ref>` of the remote points at, or undefined when it does not exist. */
export async function lsRemote(ctx: GitContext, ref: string): Promise<string | undefined> {
  const full = `refs/heads/${ref}`;
  const { stdout } = await git(ctx, ['ls-remote', '--refs', 'origin', full]);
  for (const line of stdout.split('\n')) {
    const [sha, name] = line.split('\t');
    if (name === full && sha) return sha;
  }
  return undefined;
}

/** Fetches the target branch's current head (with `depth` commits of history) and returns it. */
export async function fetchHead(ctx: GitContext, branch: string, depth: number): Promise<string> {
  await git(ctx, ['fetch', '--quiet', '--no-tags', `--depth=${depth}`, 'origin', `refs/heads/${branch}`]);
  return (await git(ctx, ['rev-parse', '--verify', 'FETCH_HEAD^{commit}'])).stdout.trim();
}

/** The plan reported for an applied request: empty, on the head where it was found applied. */
export function appliedPlan(request: ChangeRequest, hash: string, head: string): Plan {
  return {
    request: redactRequest(request),
    requestHash: hash,
    title: describeRequest(request),
    baseCommit: head,
    changes: [],
    diff: '',
    affected: { stages: [], environments: [] },
    needsSecrets: [],
    review: 'direct',
    diagnostics: [],
  };
}

/**
 * What git is given: URLs (https://, ssh://, file://) and scp-like `host:path`
 * as they are; a local path as a file:// URL, so the clone is really shallow
 * (git ignores --depth for plain paths and would copy the whole history).
 */
export function remoteUrl(remote: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return remote;
  const colon = remote.indexOf(':');
  const slash = remote.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) return remote; // user@host:path
  return pathToFileURL(resolve(remote)).href;
}

/**
 * Settings for Platter's own temporary clone: no hooks or signing from the
 * machine's global config, no line-ending conversion, no background work.
 */
export function tempCloneConfig(work: string): string[] {
  return [
    `core.hooksPath=${join(work, 'no-hooks')}`,
    'commit.gpgSign=false',
    'core.autocrlf=false',
    'core.fsmonitor=false',
    'gc.auto=0',
    'maintenance.auto=false',
    'fetch.recurseSubmodules=false',
    'fetch.writeCommitGraph=false',
    'advice.detachedHead=false',
    'protocol.version=2',
  ];
}
