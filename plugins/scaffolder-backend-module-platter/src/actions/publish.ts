import { DefaultGithubCredentialsProvider, type GithubCredentialsProvider, type ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction, type TemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import { parseRequest, PlatterError, requestHash, secretsOf, type ChangeRequest, type ReviewPath } from '@platter/model';
import { plan as planRequest, RepositoryReader, type Plan } from '@platter/render';
import { applyRequest, requestBranchName, requestedBy } from '@platter/gitops-repo';
import { platterApplyPermission, platterPlatformPermission } from '@platter/plugin-platter-common';
import { resolveActor, toBackstageError, type PlatterRepositoryService } from '@platter/plugin-platter-node';
import type { z as zod, ZodType } from 'zod/v3';
import { REQUEST_AUDIENCE } from '@platter/plugin-platter-common';
import { PLATTER_PUBLISH_ACTION_ID } from './actionIds';
import { authorize, readTaskIdentity, type IdentityDeps, type TaskUser } from './actor';
import { fleetOf, type SchemaFn } from './createPlatterAction';
import { commitUrlOf, ensurePullRequest, githubRepositoryOf, githubToken, withGitCredentials } from './github';
import { LocalQueue } from './localQueue';
import { PLAN_FILE, readPlanFiles } from './workspace';

/**
 * `platter:publish` (DESIGN §4): lands the request a planning action left in the
 * workspace (platter/request.json; or the `request` input) on the configured
 * GitOps remote through gitops-repo's applyRequest, the function the CLI's
 * `--push` uses: it re-plans on the remote's current head, commits exactly the
 * planned files with the `Platter-Request` / `Requested-By` trailers and pushes.
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
        .describe('direct: commit to the branch (only plans whose review is direct); branch: push platter/<kind>/<subject>; pull-request: the branch and a GitHub pull request. Default: platter.publish.mode, else by the plan\'s review path'),
      request: z
        .record(z.string(), z.unknown())
        .optional()
        .describe(`A change request (with kind) to land instead of ${PLAN_FILE}; it may not carry secret values`),
    })
    .strict();

const publishOutputSchema = (z: typeof zod) =>
  z.object({
    outcome: z.enum(['committed', 'already-applied', 'no-changes', 'dry-run']).describe('committed: pushed a new commit; already-applied: the remote has this request; no-changes: nothing to do'),
    mode: z.enum(['direct', 'branch', 'pull-request']),
    review: z.enum(['direct', 'platform-review']),
    requestHash: z.string(),
    branch: z.string().describe('Where the request is: the target branch, or platter/<kind>/<subject>'),
    targetBranch: z.string().optional(),
    commit: z.string().optional(),
    commitUrl: z.string().optional().describe('Web link of the commit, when a known host (GitHub integration) serves the remote'),
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

export function createPublishAction(deps: PublishActionDeps): TemplateAction<any, any, any> {
  const githubCredentials = deps.githubCredentials ?? DefaultGithubCredentialsProvider.fromIntegrations(deps.integrations);
  const { config, mirror } = deps.repository;
  const queue = deps.queue ?? PROCESS_QUEUE;
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
        const input = ctx.input as { mode?: PublishMode; request?: Record<string, unknown> };
        const { credentials, identity } = await readTaskIdentity(ctx as TaskUser, deps);
        const planned = input.request ? { request: refuseSecretValues(input.request) } : await readPlanFiles(ctx.workspacePath);
        // One task is one submission (DESIGN §6): a retried task carries the same id and lands once.
        const parsed = parseRequest(planned.request);
        const request = parsed.requestId === undefined ? { ...parsed, requestId: `task-${ctx.task.id}` } : parsed;
        const needed = REQUEST_AUDIENCE[request.kind] === 'platform' ? [platterApplyPermission, platterPlatformPermission] : [platterApplyPermission];
        await authorize(deps, credentials, identity.userEntityRef, needed, `apply ${request.kind} requests`);

        const hash = requestHash(request);
        const snapshot = await mirror.snapshot({ fresh: true });
        const actor = resolveActor(fleetOf(new RepositoryReader(snapshot.tree), mirror.displayUrl), identity);
        const now = deps.now?.() ?? new Date();
        // The review path decides the default mode: from the plan the planning step made, else a plan now.
        const review: ReviewPath =
          'plan' in planned ? (planned.plan as Plan).review : planRequest(snapshot.tree, request, { actor, now, baseCommit: snapshot.commit }).review;
        const github = githubRepositoryOf(config.repository.url, deps.integrations);
        const mode: PublishMode = input.mode ?? config.publish.mode ?? (review === 'direct' ? 'direct' : github ? 'pull-request' : 'branch');
        if (mode === 'pull-request' && !github) {
          throw new PlatterError(
            'InvalidRequest',
            `mode pull-request needs a GitHub integration (integrations.github) for the host of ${mirror.displayUrl}: use mode branch`,
            'mode',
          );
        }

        let outputs: PublishOutputs;
        if (ctx.isDryRun) {
          if (mode === 'direct' && review === 'platform-review') {
            // What applyRequest would answer (it refuses direct commits of plans that need review).
            throw new PlatterError('Forbidden', `${request.kind}: needs platform review, so it cannot be committed directly: use mode branch or pull-request`);
          }
          outputs = { outcome: 'dry-run', mode, review, requestHash: hash, branch: mode === 'direct' ? (config.repository.branch ?? snapshot.branch) : requestBranchName(request) };
          ctx.logger.info(`dry run: would ${mode === 'direct' ? `commit to ${outputs.branch}` : `push ${outputs.branch}${mode === 'pull-request' ? ' and open a pull request' : ''}`}`);
        } else {
          outputs = await ctx.checkpoint({
            key: `platter-publish-${hash}`,
            fn: async () => {
              const token = github ? await githubToken(github, githubCredentials) : undefined;
              // One at a time per remote and ref in this process; replicas still race, and applyRequest re-plans.
              const ref = mode === 'direct' ? `direct:${config.repository.branch ?? ''}` : requestBranchName(request);
              const key = `${config.repository.url}#${ref}`;
              const ahead = queue.size(key);
              if (ahead) ctx.logger.info(`waiting for ${ahead} earlier request${ahead === 1 ? '' : 's'} of this backend to land on ${mirror.displayUrl}`);
              const result = await queue.run(key, () =>
                applyRequest(withGitCredentials(config.repository.url, github ? token : undefined), request, {
                  actor,
                  mode: mode === 'direct' ? 'direct' : 'branch',
                  ...(config.repository.branch ? { branch: config.repository.branch } : {}),
                  // Counted from our turn: the deadline bounds racing other replicas, not waiting in line.
                  timeoutMs: config.publish.timeoutMs,
                  now,
                  ...(deps.workDir ? { workDir: deps.workDir } : {}),
                }),
              );
              if (result.attempts > 1) {
                ctx.logger.info(`${result.branch} moved while landing (another writer): re-planned on its new head ${result.attempts - 1} time${result.attempts === 2 ? '' : 's'}`);
              }
              const shown: Plan = result.plan.changes.length || !('plan' in planned) ? result.plan : (planned.plan as Plan);
              let pr: { number: number; url: string } | undefined;
              if (mode === 'pull-request' && github && result.branch !== result.targetBranch && result.outcome !== 'no-changes') {
                pr = await ensurePullRequest(github, {
                  head: result.branch,
                  base: result.targetBranch,
                  title: shown.title,
                  body: pullRequestBody(shown, requestedBy(actor), ctx.task.id),
                  ...(token ? { token } : {}),
                  ...(deps.fetch ? { fetch: deps.fetch } : {}),
                });
              }
              return json({
                outcome: result.outcome,
                mode,
                review: result.outcome === 'committed' ? result.plan.review : review,
                requestHash: hash,
                branch: result.branch,
                targetBranch: result.targetBranch,
                ...(result.commit ? { commit: result.commit } : {}),
                ...(result.commit && github ? { commitUrl: commitUrlOf(github, result.commit) } : {}),
                ...(pr ? { pullRequestUrl: pr.url, pullRequestNumber: pr.number } : {}),
              });
            },
          });
          ctx.logger.info(describeOutcome(outputs));
        }
        for (const [name, value] of Object.entries(outputs)) if (value !== undefined) ctx.output(name, value as never);
      } catch (e) {
        throw toBackstageError(e);
      }
    },
  });
}

/** A request given as input may not carry secret values: inputs are stored with the task. */
function refuseSecretValues(input: Record<string, unknown>): Record<string, unknown> {
  const request: ChangeRequest = parseRequest(input);
  if (secretsOf(request).some((s) => s.values !== undefined)) {
    throw new PlatterError('InvalidRequest', `request: secret values may not be given as input: plan with a platter:<noun>:<verb> action (values from task secrets) and publish its ${PLAN_FILE}`, 'request.secrets');
  }
  return input;
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

/** Checkpoint values are stored as JSON: drop undefined fields. */
const json = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
