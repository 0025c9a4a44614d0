import {
  CODEOWNERS_FILE,
  freezesReached,
  isPlatterError,
  layout,
  parsePromotionPolicies,
  parseRequest,
  promotionCandidates,
  type Actor,
  type Fleet,
  type PromotionCandidate,
} from '@platter/model';
import { parseYamlValues, readFreezes, type Plan } from '@platter/render';
import {
  applyRequest,
  createGithubReviewHost,
  createGitlabReviewHost,
  pinnedSince,
  reviewOf,
  type PinnedSince,
  type ReviewHost,
  type ReviewOutcome,
} from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import type { Checkout } from '../internal/checkout';

/** What `platter ci promote` did with one candidate. */
export interface PromotionResult {
  /** `app shop` or `component ingress-nginx`. */
  readonly subject: string;
  readonly from: string;
  readonly to: string;
  readonly version: string;
  readonly current: string;
  /**
   * `proposed`: the branch pushed and its review opened or refreshed (see `review`);
   * `soaking`: not in the source stage long enough; `frozen`: an active freeze holds the stage or one of its envs;
   * `manual`: the stage's `auto` does not cover it (people promote it); `failed`: see `error`.
   */
  readonly status: 'proposed' | 'soaking' | 'frozen' | 'manual' | 'failed';
  /** Since when the version runs in the source stage (git history), and the soak time asked. */
  readonly evidence?: PinnedSince & { readonly soak: string; readonly soakedMs: number };
  readonly branch?: string;
  readonly review?: ReviewOutcome;
  readonly frozenBy?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface PromoteOptions {
  /** Where branches are pushed (the checkout's origin, as git may push to it). */
  readonly remote: string;
  /** The branch promotions merge into (platter.yaml's repository.branch). */
  readonly base: string;
  /** Undefined: push branches only. */
  readonly host?: ReviewHost;
  readonly now: Date;
  /** List what would happen; push and open nothing. */
  readonly dryRun: boolean;
  /** Who the review says asked (`platter ci promote (pipeline 42)`). */
  readonly via: string;
}

/** The actor of a promotion CI proposes: it is reviewed like any change, the pipeline commits nothing directly. */
const CI_ACTOR: Actor = { kind: 'platform', user: 'platter ci promote' };

/**
 * `platter ci promote` (issue 20): for each stage with a promotion policy
 * (platter.yaml `spec.stages[].promotion`), each app or runtime component whose
 * source-stage version is newer than the stage's (promotionCandidates), and
 *
 * 1. that the policy's `auto` covers (else `manual`),
 * 2. whose target stage and envs no active freeze holds (platter.yaml
 *    `spec.freezes`, issue 19; CI overrides no freeze: else `frozen`),
 * 3. whose version has run in the source stage for the soak time, counted from
 *    when the commit that set it reached the branch (pinnedSince; else `soaking`),
 *
 * pushes the promotion's branch `platter/<kind>/<subject>` (applyRequest, mode
 * branch) and opens or refreshes its review through the ReviewHost, the
 * evidence in its description. Idempotent: the request id is the promotion
 * (stage, subject, version), so a re-run finds the branch as it is and
 * refreshes the open review, and a closed or merged one is reported, never
 * reopened. One candidate's failure does not stop the others.
 */
export async function promote(checkout: Checkout, fleet: Fleet, options: PromoteOptions): Promise<PromotionResult[]> {
  const settings = parseYamlValues(checkout.tree.read(layout.settings) ?? '')[0];
  const { policies } = parsePromotionPolicies(settings);
  const { freezes } = readFreezes(checkout.tree);
  const stagesOfEnv = (env: string) => fleet.environments.filter((e) => e.name === env).map((e) => e.stage);
  const codeowners = checkout.tree.read(CODEOWNERS_FILE);
  const results: PromotionResult[] = [];
  for (const c of promotionCandidates(fleet, policies)) {
    const base = describe(c);
    if (!c.auto) {
      results.push({ ...base, status: 'manual' });
      continue;
    }
    const envs = fleet.environments.filter((e) => e.stage === c.policy.stage).map((e) => e.name);
    const hits = freezesReached(
      freezes,
      { stages: [c.policy.stage], environments: envs },
      stagesOfEnv,
      CI_ACTOR,
      options.now,
    );
    if (hits.length) {
      results.push({ ...base, status: 'frozen', frozenBy: hits.map((h) => h.freeze.name) });
      continue;
    }
    const subject =
      'app' in c.subject
        ? { app: c.subject.app, stage: c.policy.from }
        : { component: c.subject.component, stage: c.policy.from };
    const since = await pinnedSince(checkout.root, checkout.tree, subject);
    const soakedMs = since ? options.now.getTime() - Date.parse(since.since) : 0;
    const evidence = since ? { ...since, soak: c.policy.soak, soakedMs } : undefined;
    if (!since || soakedMs < c.policy.soakMs) {
      results.push({ ...base, status: 'soaking', ...(evidence ? { evidence } : {}) });
      continue;
    }
    if (options.dryRun) {
      results.push({ ...base, status: 'proposed', evidence: evidence! });
      continue;
    }
    try {
      results.push(await propose(c, base, evidence!, codeowners, options));
    } catch (e) {
      if (!isPlatterError(e)) throw e;
      results.push({ ...base, status: 'failed', evidence: evidence!, error: { code: e.code, message: e.message } });
    }
  }
  return results;
}

async function propose(
  c: PromotionCandidate,
  base: Omit<PromotionResult, 'status'>,
  evidence: NonNullable<PromotionResult['evidence']>,
  codeowners: string | undefined,
  options: PromoteOptions,
): Promise<PromotionResult> {
  const request = parseRequest({
    ...c.request,
    requestId: `platter-ci-promote:${c.policy.stage}:${base.subject}:${c.version}`,
  });
  const remote = options.host ? await options.host.authenticatedRemote(options.remote) : options.remote;
  const result = await applyRequest(remote, request, {
    mode: 'branch',
    branch: options.base,
    actor: CI_ACTOR,
    now: options.now,
  });
  if (result.outcome === 'no-changes' || !result.commit || !options.host) {
    return { ...base, status: 'proposed', evidence, branch: result.branch };
  }
  const review = await options.host.ensureReview({
    head: result.branch,
    base: result.targetBranch,
    headSha: result.commit,
    ...reviewOf(result.plan as Plan, {
      requester: 'platter ci promote',
      via: options.via,
      ...(codeowners !== undefined ? { codeowners } : {}),
      notes: [evidenceNote(c, evidence)],
    }),
  });
  return { ...base, status: 'proposed', evidence, branch: result.branch, review };
}

function describe(c: PromotionCandidate): Omit<PromotionResult, 'status'> {
  return {
    subject: 'app' in c.subject ? `app ${c.subject.app}` : `component ${c.subject.component}`,
    from: c.policy.from,
    to: c.policy.stage,
    version: c.version,
    current: c.current,
  };
}

/** The evidence a promotion's review names: since when the version runs in the source stage. */
function evidenceNote(c: PromotionCandidate, e: NonNullable<PromotionResult['evidence']>): string {
  return (
    `**Evidence:** ${c.version} has run in stage ${c.policy.from} since ${e.since}` +
    `${e.exact ? '' : ' at least'} (${e.commit.slice(0, 12)}: ${e.title}), ` +
    `${formatDuration(e.soakedMs)}; the soak time of stage ${c.policy.stage} is ${c.policy.soak}.`
  );
}

/** `2d 3h`, `45m`: how long something has soaked, to the minute. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  return [d && `${d}d`, h && `${h}h`, (m || (!d && !h)) && `${m}m`].filter(Boolean).join(' ');
}

/** Where the pipeline's reviews go: flags first, then what GitHub Actions or GitLab CI set. */
export interface CiHostOptions {
  readonly host?: string;
  readonly apiUrl?: string;
  readonly repo?: string;
  readonly tokenEnv?: string;
}

/**
 * The ReviewHost of a pipeline: `--host` or the CI it runs in (GITHUB_ACTIONS,
 * GITLAB_CI); the API from `--api-url` or GITHUB_API_URL / CI_API_V4_URL; the
 * repository from `--repo` or GITHUB_REPOSITORY / CI_PROJECT_PATH, else the
 * remote's path; the token from the variable `--token-env` names (default
 * GITHUB_TOKEN, GITLAB_TOKEN). Undefined outside a known CI without `--host`.
 */
export function ciReviewHost(
  remote: string,
  options: CiHostOptions,
  env: Readonly<Record<string, string | undefined>>,
): ReviewHost | undefined {
  const kind = options.host ?? (env.GITHUB_ACTIONS ? 'github' : env.GITLAB_CI ? 'gitlab' : undefined);
  if (kind === undefined) return undefined;
  let origin: string | undefined;
  let remotePath: string | undefined;
  try {
    const url = new URL(remote);
    origin = `${url.protocol}//${url.host}`;
    remotePath = url.pathname.replace(/^\//, '').replace(/\.git$/, '');
  } catch {
    // a path remote: the repository must come from --repo or the CI's variables
  }
  const token = async () => env[options.tokenEnv ?? (kind === 'github' ? 'GITHUB_TOKEN' : 'GITLAB_TOKEN')];
  if (kind === 'github') {
    const repo = options.repo ?? env.GITHUB_REPOSITORY ?? remotePath;
    const [owner, name] = repo?.split('/') ?? [];
    if (!owner || !name) throw usage('github: which repository? pass --repo <owner>/<name>');
    return createGithubReviewHost({
      apiBaseUrl: options.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com',
      webBaseUrl: env.GITHUB_SERVER_URL ?? origin ?? 'https://github.com',
      owner,
      repo: name,
      token,
    });
  }
  if (kind === 'gitlab') {
    const projectPath = options.repo ?? env.CI_PROJECT_PATH ?? remotePath;
    const web = env.CI_SERVER_URL ?? origin;
    const apiBaseUrl = options.apiUrl ?? env.CI_API_V4_URL ?? (web ? `${web}/api/v4` : undefined);
    if (!projectPath || !apiBaseUrl) throw usage('gitlab: which project? pass --repo <group>/<project> and --api-url');
    return createGitlabReviewHost({
      apiBaseUrl,
      webBaseUrl: web ?? apiBaseUrl.replace(/\/api\/v4$/, ''),
      projectPath,
      token,
    });
  }
  throw usage(`--host ${kind}: use github or gitlab`);
}

const usage = (message: string) => new UsageError(message);
