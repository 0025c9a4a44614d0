import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction, type TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  CODEOWNERS_FILE,
  parseRequest,
  PlatterError,
  requestHash,
  secretsOf,
  type Actor,
  type ChangeRequest,
  type ReviewPath,
} from '@platter/model';
import { plan as planRequest, RepositoryReader, type Plan } from '@platter/render';
import {
  applyRequest,
  RequestQueue,
  requestBranchName,
  requestedBy,
  type ApplyOptions,
  type ApplyResult,
} from '@platter/gitops-repo';
import { permissionsToApply } from '@platter/plugin-platter-common';
import {
  resolveActor,
  compareUrlOf,
  publishModeFor,
  reviewHostFor,
  toBackstageError,
  type PlatterIdentity,
  type PlatterRepositoryService,
} from '@platter/plugin-platter-node';
import { reviewOf, type ReviewHost, type ReviewOutcome } from '@platter/gitops-repo';
import type { z as zod, ZodType } from 'zod/v3';
import { PLATTER_PUBLISH_ACTION_ID } from './actionIds';
import { authorize, readTaskIdentity, type IdentityDeps, type TaskUser } from './actor';
import { fleetOf, withTaskId, type SchemaFn } from './createPlatterAction';
import { LocalQueue } from './localQueue';
import { PROCESS_TASK_PLANS, type TaskPlans } from './taskPlans';
import { PLAN_FILE, readPlanFiles } from './workspace';

/** What createPublishAction takes. */
export interface PublishActionDeps extends IdentityDeps {
  readonly repository: PlatterRepositoryService;
  readonly integrations: ScmIntegrationRegistry;
  /** @default DefaultGithubCredentialsProvider.fromIntegrations(integrations) */
  readonly githubCredentials?: GithubCredentialsProvider;
  readonly now?: () => Date;
  /** Where applyRequest makes its temporary clone. @default the OS temp dir */
  readonly workDir?: string;
  /** The review host of the remote. @default reviewHostFor(remote, integrations): GitHub or GitLab, from app-config */
  readonly reviewHost?: ReviewHost;
  /** Lands review branches one at a time per remote and branch (localQueue.ts). @default one queue for the whole process */
  readonly queue?: LocalQueue;
  /** Lands direct commits in groups per remote and branch (group commit, RequestQueue). @default one for the whole process, with platter.publish.roundBudgetMs */
  readonly requests?: RequestQueue;
  /** The planning actions' plans, by task (taskPlans.ts). @default the process's store */
  readonly plans?: TaskPlans;
}

/** The process's publishes: every publish action of this process shares it (tests build several). */
const PROCESS_QUEUE = new LocalQueue();
/** The process's group commit, per round budget (platter.publish.roundBudgetMs: one in a backend's config). */
const PROCESS_REQUESTS = new Map<number, RequestQueue>();
const processRequests = (roundBudgetMs: number): RequestQueue => {
  let queue = PROCESS_REQUESTS.get(roundBudgetMs);
  if (!queue) PROCESS_REQUESTS.set(roundBudgetMs, (queue = new RequestQueue({ roundBudgetMs })));
  return queue;
};

export type PublishMode = 'direct' | 'branch' | 'pull-request';

const publishInputSchema = (z: typeof zod) =>
  z
    .object({
      mode: z
        .enum(['direct', 'branch', 'pull-request'])
        .optional()
        .describe(
          "direct: commit to the branch (only plans whose review is direct); branch: push platter/<kind>/<subject>; pull-request: the branch and a GitHub pull request or GitLab merge request. Default: platter.publish.mode, else by the plan's review path",
        ),
      request: z
        .record(z.string(), z.unknown())
        .optional()
        .describe(`A change request (with kind) to land instead of ${PLAN_FILE}; it may not carry secret values`),
    })
    .strict();

const publishOutputSchema = (z: typeof zod) =>
  z.object({
    outcome: z
      .enum(['committed', 'already-applied', 'no-changes', 'dry-run'])
      .describe(
        'committed: pushed a new commit; already-applied: the remote has this request; no-changes: nothing to do',
      ),
    mode: z.enum(['direct', 'branch', 'pull-request']),
    review: z.enum(['direct', 'platform-review']),
    requestHash: z.string(),
    branch: z.string().describe('Where the request is: the target branch, or platter/<kind>/<subject>'),
    targetBranch: z.string().optional(),
    commit: z.string().optional(),
    commitUrl: z
      .string()
      .optional()
      .describe('Web link of the commit, when a known host (GitHub or GitLab integration) serves the remote'),
    pullRequestUrl: z.string().optional().describe('The pull request (GitHub) or merge request (GitLab)'),
    pullRequestNumber: z.number().optional().describe("The pull request's number, or the merge request's iid"),
    pullRequestAction: z
      .enum(['created', 'updated', 'closed', 'merged'])
      .optional()
      .describe('created; updated (the open one refreshed); closed or merged (reported, not reopened)'),
    branchUrl: z
      .string()
      .optional()
      .describe("The host's page comparing the review branch with its target (mode branch, with a known host)"),
    hostIcon: z
      .enum(['github', 'gitlab'])
      .optional()
      .describe("The host's icon for the task's output links (a GitHub or GitLab integration serves the remote)"),
    reviewLinkTitle: z
      .string()
      .optional()
      .describe(
        'The review as its host names it, for its output link: `Pull request #7` (GitHub), `Merge request !7` (GitLab)',
      ),
    summary: z.string().optional().describe('What happened and what comes next, in one or two sentences'),
  });

export interface PublishOutputs {
  readonly outcome: 'committed' | 'already-applied' | 'no-changes' | 'dry-run';
  readonly mode: PublishMode;
  readonly review: ReviewPath;
  readonly requestHash: string;
  readonly branch: string;
  readonly targetBranch?: string;
  readonly commit?: string;
  readonly commitUrl?: string;
  readonly pullRequestUrl?: string;
  readonly pullRequestNumber?: number;
  readonly pullRequestAction?: ReviewOutcome['action'];
  readonly branchUrl?: string;
  readonly hostIcon?: ReviewHost['kind'];
  readonly reviewLinkTitle?: string;
  readonly summary?: string;
}

/**
 * `platter:publish` (DESIGN §4): lands the request a planning action left in the
 * workspace (platter/request.json; or the `request` input) on the configured
 * GitOps remote through gitops-repo's applyRequest, the function the CLI's
 * `--push` uses: it commits exactly the planned files with the
 * `Platter-Request` / `Requested-By` trailers and pushes. In steps:
 *
 * 1. readSubmission: the request, parsed once (this task's submission);
 * 2. the user may apply it (permissionsToApply);
 * 3. prepareLanding: the actor and plan the planning step of this task kept
 *    (taskPlans.ts, taken out), else the actor resolved now and the review path from
 *    plan.json or a plan made now;
 * 4. chooseMode; then dryRun, or land (in a checkpoint): applyRequest with the
 *    kept plan, which it commits as it is while the branch has not moved and
 *    re-plans on a moved head, then the pull request.
 *
 * Modes: `direct` (commit to the target branch; applyRequest refuses it,
 * Forbidden, unless the plan's review path is direct), `branch` (push
 * `platter/<kind>/<subject>`), `pull-request` (push the branch, then create or
 * refresh its review through the remote's ReviewHost: a GitHub pull request or
 * a GitLab merge request; a closed or merged one is reported, never reopened).
 * The mode is the input's, else `platter.publish.mode`, else the plan's review
 * decides: direct plans commit directly; plans that need platform review open
 * a review when a GitHub or GitLab integration serves the remote, else push a
 * branch.
 *
 * Idempotency, twice over: the side effects run in `ctx.checkpoint` keyed by the
 * request hash, so a retried task returns the recorded result without pushing;
 * and applyRequest finds the request's trailer on the remote, so even a crash
 * between push and checkpoint makes no second commit.
 *
 * Concurrency: the scaffolder runs several tasks at once, and several backend
 * replicas may share one remote. Within a process, direct commits to one
 * remote and branch land in groups (RequestQueue: planned one on the other,
 * one commit each, one push), review branches one at a time per branch
 * (localQueue.ts); across replicas, the compare-and-swap push and re-plan on a
 * moved head keep history linear.
 *
 * Dry run: nothing is pushed; the outputs say what would happen.
 */
export function createPublishAction(deps: PublishActionDeps): TemplateAction<any, any, any> {
  // Resolved on first use: building the action (its schema, its examples) reads no config.
  let host: { value: ReviewHost | undefined } | undefined;
  let requests = deps.requests;
  const step: PublishStep = {
    deps,
    queue: deps.queue ?? PROCESS_QUEUE,
    get requests() {
      return (requests ??= processRequests(deps.repository.config.publish.roundBudgetMs));
    },
    plans: deps.plans ?? PROCESS_TASK_PLANS,
    get host() {
      host ??= {
        value:
          deps.reviewHost ??
          reviewHostFor(
            deps.repository.config.repository.url,
            deps.integrations,
            deps.githubCredentials ? { githubCredentials: deps.githubCredentials } : {},
          ),
      };
      return host.value;
    },
  };
  const inputSchema: SchemaFn = (z) => publishInputSchema(z) as unknown as ZodType<JsonObject>;
  const outputSchema: SchemaFn = (z) => publishOutputSchema(z) as unknown as ZodType<JsonObject>;
  return createTemplateAction<SchemaFn, SchemaFn>({
    id: PLATTER_PUBLISH_ACTION_ID,
    description:
      `Lands the request planned by a platter:<noun>:<verb> action (${PLAN_FILE}) on the GitOps repository: a direct commit, ` +
      'a branch, or a GitHub pull request / GitLab merge request. Re-running it makes no second commit.',
    examples: [
      {
        description: 'Land the planned request the way its review path says',
        example: 'steps:\n  - id: publish\n    name: Publish\n    action: platter:publish\n',
      },
    ],
    supportsDryRun: true,
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      try {
        const input = ctx.input as PublishInput;
        const { credentials, identity } = await readTaskIdentity(ctx as TaskUser, deps);
        const submission = await readSubmission(ctx, input);
        const { request } = submission;
        await authorize(
          deps,
          credentials,
          identity.userEntityRef,
          permissionsToApply(request.kind),
          `apply ${request.kind} requests`,
        );
        const landing = await prepareLanding(step, ctx, submission, identity);
        const mode = chooseMode(step, input.mode, landing.review);
        // A retried task returns the recorded outputs of its landing without landing again (checkpoints hold JSON).
        const outputs = ctx.isDryRun
          ? await dryRun(step, ctx, request, landing, mode)
          : ((await ctx.checkpoint({
              key: `platter-publish-${landing.hash}`,
              fn: async () => (await land(step, ctx, request, landing, mode)) as unknown as JsonObject,
            })) as unknown as PublishOutputs);
        if (!ctx.isDryRun) ctx.logger.info(describeOutcome(outputs));
        for (const [name, value] of Object.entries(outputs)) if (value !== undefined) ctx.output(name, value as never);
      } catch (e) {
        throw toBackstageError(e);
      }
    },
  });
}

interface PublishInput {
  readonly mode?: PublishMode;
  readonly request?: Record<string, unknown>;
}

/** What every step of a publish reads: the action's dependencies with their defaults applied. */
interface PublishStep {
  readonly deps: PublishActionDeps;
  readonly queue: LocalQueue;
  readonly requests: RequestQueue;
  readonly plans: TaskPlans;
  /** Where reviews are opened; undefined when no integration serves the remote. */
  readonly host: ReviewHost | undefined;
}

/** The request to land, parsed once, and the plan.json the planning step left (absent for a `request` input). */
interface Submission {
  readonly request: ChangeRequest;
  readonly workspacePlan?: Plan;
}

/** Who lands it and how it was planned. */
interface Landing {
  readonly hash: string;
  readonly actor: Actor;
  /** The planning step's own plan (this process, this task, this user): applyRequest commits it while the branch has not moved. */
  readonly planned?: Plan;
  /** The review path that decides the default mode. */
  readonly review: ReviewPath;
  /** The plan the planning step wrote (plan.json): what a pull request of an already-landed request shows. */
  readonly workspacePlan?: Plan;
  readonly now: Date;
}

/**
 * The request this task lands, parsed once: the `request` input (which may not
 * carry secret values: inputs are stored with the task), else the sealed
 * platter/request.json a planning action left; with the task's id as its
 * `requestId` when it has none (one task is one submission, DESIGN §6: a
 * retried task lands once).
 */
async function readSubmission(ctx: ActionContext<any, any>, input: PublishInput): Promise<Submission> {
  if (input.request) return { request: withTaskId(refuseSecretValues(parseRequest(input.request)), ctx.task.id) };
  const files = await readPlanFiles(ctx.workspacePath);
  return { request: withTaskId(parseRequest(files.request), ctx.task.id), workspacePlan: files.plan };
}

/**
 * The actor and plan the planning step of this task kept, when they are of this
 * request, remote and user; else the actor resolved on a fresh snapshot, and
 * the review path from plan.json or, without one, from a plan made now.
 */
async function prepareLanding(
  step: PublishStep,
  ctx: ActionContext<any, any>,
  submission: Submission,
  identity: PlatterIdentity,
): Promise<Landing> {
  const { config, mirror } = step.deps.repository;
  const hash = requestHash(submission.request);
  const now = step.deps.now?.() ?? new Date();
  const kept = step.plans.take(ctx.task.id, {
    remote: config.repository.url,
    userEntityRef: identity.userEntityRef,
    requestHash: hash,
  });
  const workspacePlan = submission.workspacePlan ? { workspacePlan: submission.workspacePlan } : {};
  if (kept) return { hash, actor: kept.actor, planned: kept.plan, review: kept.plan.review, ...workspacePlan, now };
  const snapshot = await mirror.snapshot({ fresh: true });
  // The commit as this backend parsed it once (the preview's, the planning steps' and the catalog's).
  const base = step.deps.repository.bases?.of(snapshot);
  const actor = resolveActor(fleetOf(base?.reader ?? new RepositoryReader(snapshot.tree), mirror.displayUrl), identity);
  const review =
    submission.workspacePlan?.review ??
    planRequest(snapshot.tree, submission.request, {
      actor,
      now,
      baseCommit: snapshot.commit,
      ...(base ? { base } : {}),
    }).review;
  return { hash, actor, review, ...workspacePlan, now };
}

/** The input's mode, else `platter.publish.mode`, else by the review path: direct, or a review where a host integration serves the remote, else a branch. */
function chooseMode(step: PublishStep, asked: PublishMode | undefined, review: ReviewPath): PublishMode {
  const { config, mirror } = step.deps.repository;
  // The one rule (platter-node publishModeFor), which the plan preview also reads to say what will happen.
  const mode: PublishMode = asked ?? publishModeFor(config.publish.mode, review, !!step.host);
  if (mode === 'pull-request' && !step.host) {
    throw new PlatterError(
      'InvalidRequest',
      `mode pull-request needs a GitHub or GitLab integration (integrations.github / integrations.gitlab) for the host of ${mirror.displayUrl}: use mode branch`,
      'mode',
    );
  }
  return mode;
}

/** What a publish would do, pushing nothing; Forbidden where applyRequest would refuse. */
async function dryRun(
  step: PublishStep,
  ctx: ActionContext<any, any>,
  request: ChangeRequest,
  landing: Landing,
  mode: PublishMode,
): Promise<PublishOutputs> {
  const { config, mirror } = step.deps.repository;
  if (mode === 'direct' && landing.review === 'platform-review') {
    // What applyRequest would answer (it refuses direct commits of plans that need review).
    throw new PlatterError(
      'Forbidden',
      `${request.kind}: needs platform review, so it cannot be committed directly: use mode branch or pull-request`,
    );
  }
  const branch =
    mode === 'direct' ? (config.repository.branch ?? (await mirror.snapshot()).branch) : requestBranchName(request);
  ctx.logger.info(
    `dry run: would ${mode === 'direct' ? `commit to ${branch}` : `push ${branch}${mode === 'pull-request' ? ` and open a ${step.host?.noun ?? 'review'}` : ''}`}`,
  );
  return { outcome: 'dry-run', mode, review: landing.review, requestHash: landing.hash, branch };
}

/**
 * Lands the request (mode direct: in the process's RequestQueue, together with
 * the other requests for the branch; a review branch: applyRequest, one at a
 * time per branch; replicas still race, and both re-plan on a moved head),
 * then opens or refreshes the review in mode pull-request.
 */
async function land(
  step: PublishStep,
  ctx: ActionContext<any, any>,
  request: ChangeRequest,
  landing: Landing,
  mode: PublishMode,
): Promise<PublishOutputs> {
  const { config, mirror, bases } = step.deps.repository;
  const { host } = step;
  // The mirrored commit as this backend parsed it: while the branch is still there, applyRequest plans on it warm
  // instead of reading and parsing its clone (a stale one is simply not the head, and the clone is read).
  const base = bases?.of(await mirror.snapshot({ allowStale: true }));
  const options: ApplyOptions = {
    actor: landing.actor,
    mode: mode === 'direct' ? 'direct' : 'branch',
    ...(config.repository.branch ? { branch: config.repository.branch } : {}),
    // Counted from the request's first try: the deadline bounds racing other replicas, not waiting in line.
    timeoutMs: config.publish.timeoutMs,
    now: landing.now,
    ...(landing.planned ? { planned: landing.planned } : {}),
    ...(base ? { base } : {}),
    ...(step.deps.workDir ? { workDir: step.deps.workDir } : {}),
  };
  const remote = async () => (host ? await host.authenticatedRemote(config.repository.url) : config.repository.url);
  let result: ApplyResult;
  if (mode === 'direct') {
    const ahead = step.requests.size(config.repository.url, config.repository.branch);
    if (ahead)
      ctx.logger.info(
        `waiting for ${ahead} earlier request${ahead === 1 ? '' : 's'} of this backend to land on ${mirror.displayUrl} (planned one on the other, pushed together)`,
      );
    // Each round fetches and pushes with the newest request's token, asked for when it was queued.
    result = await step.requests.apply(await remote(), request, options);
  } else {
    const key = `${config.repository.url}#${requestBranchName(request)}`;
    const ahead = step.queue.size(key);
    if (ahead)
      ctx.logger.info(
        `waiting for ${ahead} earlier request${ahead === 1 ? '' : 's'} of this backend to land on ${mirror.displayUrl}`,
      );
    // The token is asked for in our turn: a GitHub App installation token may expire while we wait.
    result = await step.queue.run(key, async () => applyRequest(await remote(), request, options));
  }
  logLanding(ctx, result, landing);
  const shown: Plan = result.plan.changes.length || !landing.workspacePlan ? result.plan : landing.workspacePlan;
  let pr: ReviewOutcome | undefined;
  if (
    mode === 'pull-request' &&
    host &&
    result.commit &&
    result.branch !== result.targetBranch &&
    result.outcome !== 'no-changes'
  ) {
    const codeowners = (await mirror.snapshot()).tree.read(CODEOWNERS_FILE);
    pr = await host.ensureReview({
      head: result.branch,
      base: result.targetBranch,
      headSha: result.commit,
      ...reviewOf(shown, {
        requester: requestedBy(landing.actor),
        via: `Backstage scaffolder task ${ctx.task.id}`,
        ...(codeowners !== undefined ? { codeowners } : {}),
      }),
    });
    logReview(ctx, host, pr);
  }
  const outputs: PublishOutputs = {
    outcome: result.outcome,
    mode,
    review: result.outcome === 'committed' ? result.plan.review : landing.review,
    requestHash: landing.hash,
    branch: result.branch,
    targetBranch: result.targetBranch,
    ...(result.commit ? { commit: result.commit } : {}),
    ...(result.commit && host ? { commitUrl: host.commitUrl(result.commit) } : {}),
    ...(pr ? { pullRequestUrl: pr.review.url, pullRequestNumber: pr.review.number, pullRequestAction: pr.action } : {}),
    ...(host && result.branch !== result.targetBranch
      ? { branchUrl: compareUrlOf(host, result.targetBranch, result.branch) }
      : {}),
    // The links say which host they lead to: GitLab's merge requests are not GitHub's pull requests (issue 20).
    ...(host ? { hostIcon: host.kind } : {}),
    ...(host && pr
      ? {
          reviewLinkTitle:
            host.kind === 'gitlab' ? `Merge request !${pr.review.number}` : `Pull request #${pr.review.number}`,
        }
      : {}),
  };
  return json({ ...outputs, summary: summarize(outputs, host?.noun) });
}

/**
 * What happened and what comes next, for the task page (issue 23 item 2: the
 * text says what the mode really did, not what a review path would suggest).
 */
export function summarize(o: PublishOutputs, hostNoun: string | undefined): string {
  const commit = o.commit ? ` ${o.commit.slice(0, 12)}` : '';
  const target = o.targetBranch ?? 'the target branch';
  if (o.outcome === 'no-changes') return `Nothing to change: ${o.branch} already looks like this request asks.`;
  if (o.outcome === 'already-applied') return `Already applied: ${o.branch} has this request in commit${commit}.`;
  if (o.branch === o.targetBranch) return `Committed${commit} to ${o.branch}: Flux applies it at its next reconcile.`;
  if (o.pullRequestUrl) {
    const noun = hostNoun ?? 'review';
    return o.pullRequestAction === 'merged' || o.pullRequestAction === 'closed'
      ? `Pushed${commit} to branch ${o.branch}; its ${noun} ${o.pullRequestUrl} is ${o.pullRequestAction} (not reopened).`
      : `Opened ${noun} ${o.pullRequestUrl} from ${o.branch} into ${target} for the platform team's review: it lands when they merge it.`;
  }
  return `Pushed${commit} to branch ${o.branch} for the platform team's review. No pull request was opened${
    hostNoun ? '' : ' (no GitHub or GitLab integration serves this repository)'
  }: ask the platform team to review ${o.branch} and merge it into ${target}.`;
}

/** A closed or merged review is said loudly: the request is not under review any more, and Platter does not reopen it. */
function logReview(ctx: ActionContext<any, any>, host: ReviewHost, pr: ReviewOutcome): void {
  const what = `${host.noun} ${pr.review.url}`;
  if (pr.action === 'closed') {
    ctx.logger.warn(`${what} was closed without merging at this commit: not reopened (reopen it on ${host.kind})`);
  } else if (pr.action === 'merged') {
    ctx.logger.info(`${what} is merged already`);
  } else {
    ctx.logger.info(`${pr.action} ${what}`);
  }
  if (pr.reviewersNotRequested.length) {
    ctx.logger.warn(`reviewers not requested (unknown to ${host.kind}): ${pr.reviewersNotRequested.join(', ')}`);
  }
}

/** Says whether the planning step's plan was committed as it is, or the branch moved and the request was planned again. */
function logLanding(ctx: ActionContext<any, any>, result: ApplyResult, landing: Landing): void {
  if (result.outcome === 'committed' && landing.planned && result.plan === landing.planned) {
    ctx.logger.info(
      `committed the plan of the planning step as it is: ${result.branch} was still at ${landing.planned.baseCommit?.slice(0, 12)}`,
    );
  } else if (result.outcome === 'committed') {
    ctx.logger.info(
      `planned on ${result.plan.baseCommit?.slice(0, 12)} of ${result.targetBranch}${landing.planned ? ` (it moved since the planning step's ${landing.planned.baseCommit?.slice(0, 12)})` : ''}`,
    );
  }
  if (result.attempts > 1) {
    ctx.logger.info(
      `${result.branch} moved while landing (another writer): re-planned on its new head ${result.attempts - 1} time${result.attempts === 2 ? '' : 's'}`,
    );
  }
}

/** A request given as input may not carry secret values: inputs are stored with the task. */
function refuseSecretValues(request: ChangeRequest): ChangeRequest {
  if (secretsOf(request).some((s) => s.values !== undefined)) {
    throw new PlatterError(
      'InvalidRequest',
      `request: secret values may not be given as input: plan with a platter:<noun>:<verb> action (values from task secrets) and publish its ${PLAN_FILE}`,
      'request.secrets',
    );
  }
  return request;
}

function describeOutcome(o: PublishOutputs): string {
  const where = o.pullRequestUrl
    ? ` (review ${o.pullRequestUrl}${o.pullRequestAction ? `, ${o.pullRequestAction}` : ''})`
    : '';
  switch (o.outcome) {
    case 'committed':
      return `pushed ${o.commit?.slice(0, 12)} to ${o.branch}${where}`;
    case 'already-applied':
      return `already applied: ${o.branch} has the request in ${o.commit?.slice(0, 12)}${where}`;
    default:
      return `nothing to do: the request changes nothing on ${o.branch}`;
  }
}

/** Checkpoint values are stored as JSON: drop undefined fields. */
const json = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
