import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { createTemplateAction, type TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  parseRequest,
  PlatterError,
  requestHash,
  secretsOf,
  type Actor,
  type ChangeRequest,
  type ReviewPath,
} from '@platter/model';
import { dangersOf, formatRenderedDiff, plan as planRequest, RepositoryReader, type Plan } from '@platter/render';
import { applyRequest, requestBranchName, requestedBy, type ApplyResult } from '@platter/gitops-repo';
import { permissionsToApply } from '@platter/plugin-platter-common';
import {
  resolveActor,
  toBackstageError,
  type PlatterIdentity,
  type PlatterRepositoryService,
} from '@platter/plugin-platter-node';
import type { z as zod, ZodType } from 'zod/v3';
import { PLATTER_PUBLISH_ACTION_ID } from './actionIds';
import { authorize, readTaskIdentity, type IdentityDeps, type TaskUser } from './actor';
import { fleetOf, withTaskId, type SchemaFn } from './createPlatterAction';
import {
  commitUrlOf,
  ensurePullRequest,
  githubRepositoryOf,
  githubToken,
  withGitCredentials,
  type GithubRepository,
} from './github';
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
  /** For the GitHub REST API. @default the global fetch */
  readonly fetch?: typeof fetch;
  /** Lands one request at a time per remote and ref (localQueue.ts). @default one queue for the whole process */
  readonly queue?: LocalQueue;
  /** The planning actions' plans, by task (taskPlans.ts). @default the process's store */
  readonly plans?: TaskPlans;
}

/** The process's publishes: every publish action of this process shares it (tests build several). */
const PROCESS_QUEUE = new LocalQueue();

export type PublishMode = 'direct' | 'branch' | 'pull-request';

const publishInputSchema = (z: typeof zod) =>
  z
    .object({
      mode: z
        .enum(['direct', 'branch', 'pull-request'])
        .optional()
        .describe(
          "direct: commit to the branch (only plans whose review is direct); branch: push platter/<kind>/<subject>; pull-request: the branch and a GitHub pull request. Default: platter.publish.mode, else by the plan's review path",
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
      .describe('Web link of the commit, when a known host (GitHub integration) serves the remote'),
    pullRequestUrl: z.string().optional(),
    pullRequestNumber: z.number().optional(),
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
 * reuse its GitHub pull request: github.ts). The mode is the input's, else
 * `platter.publish.mode`, else the plan's review decides: direct plans commit
 * directly; plans that need platform review open a pull request when a GitHub
 * integration serves the remote, else push a branch.
 *
 * Idempotency, twice over: the side effects run in `ctx.checkpoint` keyed by the
 * request hash, so a retried task returns the recorded result without pushing;
 * and applyRequest finds the request's trailer on the remote, so even a crash
 * between push and checkpoint makes no second commit.
 *
 * Concurrency: the scaffolder runs several tasks at once, and several backend
 * replicas may share one remote. Within a process, requests land one at a time
 * per remote and ref (localQueue.ts); across replicas, applyRequest's
 * compare-and-swap push and re-plan on a moved head keep history linear.
 *
 * Dry run: nothing is pushed; the outputs say what would happen.
 */
export function createPublishAction(deps: PublishActionDeps): TemplateAction<any, any, any> {
  const githubCredentials =
    deps.githubCredentials ?? DefaultGithubCredentialsProvider.fromIntegrations(deps.integrations);
  const step: PublishStep = {
    deps,
    queue: deps.queue ?? PROCESS_QUEUE,
    plans: deps.plans ?? PROCESS_TASK_PLANS,
    githubCredentials,
  };
  const inputSchema: SchemaFn = (z) => publishInputSchema(z) as unknown as ZodType<JsonObject>;
  const outputSchema: SchemaFn = (z) => publishOutputSchema(z) as unknown as ZodType<JsonObject>;
  return createTemplateAction<SchemaFn, SchemaFn>({
    id: PLATTER_PUBLISH_ACTION_ID,
    description:
      `Lands the request planned by a platter:<noun>:<verb> action (${PLAN_FILE}) on the GitOps repository: a direct commit, ` +
      'a branch, or a GitHub pull request. Re-running it makes no second commit.',
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
        const github = githubRepositoryOf(deps.repository.config.repository.url, deps.integrations);
        const mode = chooseMode(step, input.mode, landing.review, github);
        // A retried task returns the recorded outputs of its landing without landing again (checkpoints hold JSON).
        const outputs = ctx.isDryRun
          ? await dryRun(step, ctx, request, landing, mode)
          : ((await ctx.checkpoint({
              key: `platter-publish-${landing.hash}`,
              fn: async () => (await land(step, ctx, request, landing, mode, github)) as unknown as JsonObject,
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
  readonly plans: TaskPlans;
  readonly githubCredentials: GithubCredentialsProvider;
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
  const actor = resolveActor(fleetOf(new RepositoryReader(snapshot.tree), mirror.displayUrl), identity);
  const review =
    submission.workspacePlan?.review ??
    planRequest(snapshot.tree, submission.request, { actor, now, baseCommit: snapshot.commit }).review;
  return { hash, actor, review, ...workspacePlan, now };
}

/** The input's mode, else `platter.publish.mode`, else by the review path: direct, or a pull request where GitHub serves the remote, else a branch. */
function chooseMode(
  step: PublishStep,
  asked: PublishMode | undefined,
  review: ReviewPath,
  github: GithubRepository | undefined,
): PublishMode {
  const { config, mirror } = step.deps.repository;
  const mode: PublishMode =
    asked ?? config.publish.mode ?? (review === 'direct' ? 'direct' : github ? 'pull-request' : 'branch');
  if (mode === 'pull-request' && !github) {
    throw new PlatterError(
      'InvalidRequest',
      `mode pull-request needs a GitHub integration (integrations.github) for the host of ${mirror.displayUrl}: use mode branch`,
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
    `dry run: would ${mode === 'direct' ? `commit to ${branch}` : `push ${branch}${mode === 'pull-request' ? ' and open a pull request' : ''}`}`,
  );
  return { outcome: 'dry-run', mode, review: landing.review, requestHash: landing.hash, branch };
}

/**
 * Lands the request (applyRequest, one at a time per remote and ref in this
 * process; replicas still race, and applyRequest re-plans on a moved head),
 * then opens or reuses the pull request in mode pull-request.
 */
async function land(
  step: PublishStep,
  ctx: ActionContext<any, any>,
  request: ChangeRequest,
  landing: Landing,
  mode: PublishMode,
  github: GithubRepository | undefined,
): Promise<PublishOutputs> {
  const { config, mirror } = step.deps.repository;
  const token = github ? await githubToken(github, step.githubCredentials) : undefined;
  const ref = mode === 'direct' ? `direct:${config.repository.branch ?? ''}` : requestBranchName(request);
  const key = `${config.repository.url}#${ref}`;
  const ahead = step.queue.size(key);
  if (ahead)
    ctx.logger.info(
      `waiting for ${ahead} earlier request${ahead === 1 ? '' : 's'} of this backend to land on ${mirror.displayUrl}`,
    );
  const result = await step.queue.run(key, () =>
    applyRequest(withGitCredentials(config.repository.url, github ? token : undefined), request, {
      actor: landing.actor,
      mode: mode === 'direct' ? 'direct' : 'branch',
      ...(config.repository.branch ? { branch: config.repository.branch } : {}),
      // Counted from our turn: the deadline bounds racing other replicas, not waiting in line.
      timeoutMs: config.publish.timeoutMs,
      now: landing.now,
      ...(landing.planned ? { planned: landing.planned } : {}),
      ...(step.deps.workDir ? { workDir: step.deps.workDir } : {}),
    }),
  );
  logLanding(ctx, result, landing);
  const shown: Plan = result.plan.changes.length || !landing.workspacePlan ? result.plan : landing.workspacePlan;
  let pr: { number: number; url: string } | undefined;
  if (mode === 'pull-request' && github && result.branch !== result.targetBranch && result.outcome !== 'no-changes') {
    pr = await ensurePullRequest(github, {
      head: result.branch,
      base: result.targetBranch,
      title: shown.title,
      body: pullRequestBody(shown, requestedBy(landing.actor), ctx.task.id),
      ...(token ? { token } : {}),
      ...(step.deps.fetch ? { fetch: step.deps.fetch } : {}),
    });
  }
  return json({
    outcome: result.outcome,
    mode,
    review: result.outcome === 'committed' ? result.plan.review : landing.review,
    requestHash: landing.hash,
    branch: result.branch,
    targetBranch: result.targetBranch,
    ...(result.commit ? { commit: result.commit } : {}),
    ...(result.commit && github ? { commitUrl: commitUrlOf(github, result.commit) } : {}),
    ...(pr ? { pullRequestUrl: pr.url, pullRequestNumber: pr.number } : {}),
  });
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
  const where = o.pullRequestUrl ? ` (pull request ${o.pullRequestUrl})` : '';
  switch (o.outcome) {
    case 'committed':
      return `pushed ${o.commit?.slice(0, 12)} to ${o.branch}${where}`;
    case 'already-applied':
      return `already applied: ${o.branch} has the request in ${o.commit?.slice(0, 12)}${where}`;
    default:
      return `nothing to do: the request changes nothing on ${o.branch}`;
  }
}

/** The pull request's description: what, who, where, and the diff (folded; GitHub caps bodies at 65536 characters). */
export function pullRequestBody(plan: Plan, requester: string, taskId: string): string {
  const files = plan.changes.map((c) => `- \`${c.op}\` ${c.path}`);
  const diff = plan.diff.length > 40_000 ? `${plan.diff.slice(0, 40_000)}\n… (diff truncated)` : plan.diff;
  return [
    `${plan.title}`,
    '',
    `Requested by ${requester} through Backstage (scaffolder task ${taskId}). Review: **${plan.review}**.`,
    `Environments: ${plan.affected.environments.join(', ') || 'none'} · Stages: ${plan.affected.stages.join(', ') || 'none'}`,
    '',
    `Files (${plan.changes.length}):`,
    ...files.slice(0, 50),
    ...(files.length > 50 ? [`- … and ${files.length - 50} more`] : []),
    '',
    ...renderedDiffSection(plan),
    '<details><summary>Diff</summary>',
    '',
    '```diff',
    diff,
    '```',
    '</details>',
    '',
    `Platter-Request: ${plan.requestHash}`,
  ].join('\n');
}

/** The rendered diff in a pull request body: open when it has danger findings (issue 18). */
function renderedDiffSection(plan: Plan): string[] {
  if (!plan.renderedDiff) return [];
  const dangers = dangersOf(plan.renderedDiff).length;
  const text = formatRenderedDiff(plan.renderedDiff);
  return [
    ...(dangers ? [`**${dangers} danger finding${dangers === 1 ? '' : 's'}** in what Flux applies (below).`, ''] : []),
    `<details${dangers ? ' open' : ''}><summary>What Flux applies, per environment</summary>`,
    '',
    '```',
    text.length > 20_000 ? `${text.slice(0, 20_000)}\n… (truncated)` : text.replace(/\n$/, ''),
    '```',
    '</details>',
    '',
  ];
}

/** Checkpoint values are stored as JSON: drop undefined fields. */
const json = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
