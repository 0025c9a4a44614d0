/**
 * Issue 17 goal 3 (P12 of `npm run bench`): group commit. 50 OnboardApp
 * requests (new apps of one tenant into its biggest stage, the platform as
 * actor) submitted at once to one RequestQueue on the 1,000-env fleet's bare
 * remote, with the default timeout: how long until all landed, how many
 * rounds (pushes) it took, and how many gave up. The baseline, measured in the
 * same run: one such request's plan (seal + plan() on the head's tree, read
 * from a no-checkout clone), `--runs` times before the 50 and `--runs` times
 * after them (the machine is shared: its load moves), median of all. Goal:
 * wall time per request ≤ 1.5× one plan, zero give-ups. A benchmark, not a test.
 *
 * Then the same number again split over two processes (two backends, a
 * RequestQueue each) at once: all must land, none give up.
 *
 *   node -r tsx/cjs tools/bench/src/groupCommitBench.ts [--requests=50] [--runs=3] [--no-two]
 */
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { isPlatterError } from '@platter/model';
import { plan as planRequest } from '@platter/render';
import { GitTreeFileTree, RequestQueue, sealRequest, DEFAULT_APPLY_TIMEOUT_MS } from '@platter/gitops-repo';
import { REFERENCE_SHAPE } from '@platter/tools-fleet';
import { git, prepareFleetRepo, type FleetRepo } from './fleetRepo';
import { onboardingTarget, onboardRequest } from './p2';
import {
  fmtInt,
  fmtMs,
  fmtRatio,
  installCleanup,
  median,
  nowMs,
  progress,
  removeDir,
  run,
  tempDir,
  timed,
} from './util';

export const P12_GOAL_RATIO = 1.5;

/** P12 of `npm run bench` (issue 17 goal 3). */
export interface GroupCommitResult {
  readonly requests: number;
  readonly tenant: string;
  readonly stage: string;
  readonly affectedEnvs: number;
  /** One request's seal + plan() on the head's tree (fresh tree each run), before the batch and after it. */
  readonly planRuns: number[];
  readonly planRunsAfter: number[];
  /** 1-minute load average: before the baseline, before the batch, after it. */
  readonly load: readonly number[];
  readonly planMs: number;
  /** Reading the head's tree from a no-checkout clone (GitTreeFileTree.load), once per plan run. */
  readonly loadMs: number;
  /** From submitting all requests to the last outcome. */
  readonly wallMs: number;
  readonly perRequestMs: number;
  /** perRequestMs / planMs. */
  readonly ratio: number;
  readonly goalRatio: number;
  readonly committed: number;
  /** Conflict "gave up after N attempts" (the timeout ran out while racing). */
  readonly gaveUp: number;
  /** Any other failure (messages, at most 3). */
  readonly failed: number;
  readonly failures: string[];
  /** Pushes: rounds whose commits were pushed (won or lost). */
  readonly pushes: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** The same number of requests split over two processes (two backends), one RequestQueue each, at once. */
  readonly twoBackends?: {
    readonly wallMs: number;
    readonly committed: number;
    readonly gaveUp: number;
    readonly failed: number;
    readonly failures: string[];
    readonly pushes: number;
    readonly maxAttempts: number;
  };
}

export async function runGroupCommitBench(
  repo: FleetRepo,
  options: { readonly requests: number; readonly runs: number; readonly twoBackends?: boolean },
): Promise<GroupCommitResult> {
  const target = onboardingTarget(repo.fleet);
  const actor = { kind: 'platform' } as const;
  progress(
    `P12: one OnboardApp's plan (tenant ${target.tenant} -> stage ${target.stage}, ${target.envs} envs), ${options.runs} runs; then ${options.requests} at once through one RequestQueue`,
  );

  // The baseline: one request's plan on the head, as each request of a round is planned.
  const load = [loadavg()[0]!];
  const before = await planBaseline(repo, target, options.runs, 'before');
  load.push(loadavg()[0]!);
  progress(`P12: one plan ${fmtMs(median(before.planRuns))} (${before.planRuns.map(fmtMs).join(', ')})`);

  // Group commit: all requests submitted at once, the default timeout.
  const applyDir = tempDir('p12-apply');
  let pushes = 0;
  const queue = new RequestQueue({ onBeforePush: () => void pushes++ });
  const requests = Array.from({ length: options.requests }, (_, i) =>
    onboardRequest(`p12-app-${String(i + 1).padStart(2, '0')}`, target.tenant, target.stage),
  );
  const started = nowMs();
  const settled = await Promise.allSettled(
    requests.map((r) => queue.apply(repo.remoteUrl, r, { mode: 'direct', actor, workDir: applyDir })),
  );
  const wallMs = nowMs() - started;
  removeDir(applyDir);
  await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
  load.push(loadavg()[0]!);
  const twoBackends = options.twoBackends ? await inTwoProcesses(repo, target, options.requests) : undefined;
  const after = await planBaseline(repo, target, options.runs, 'after');
  const planMs = median([...before.planRuns, ...after.planRuns]);

  const failures: string[] = [];
  let committed = 0;
  let gaveUp = 0;
  let maxAttempts = 0;
  for (const s of settled) {
    if (s.status === 'fulfilled') {
      if (s.value.outcome === 'committed') committed++;
      maxAttempts = Math.max(maxAttempts, s.value.attempts);
    } else if (isPlatterError(s.reason, 'Conflict') && /gave up after/.test(s.reason.message)) gaveUp++;
    else failures.push(String((s.reason as Error)?.message ?? s.reason));
  }
  const perRequestMs = wallMs / options.requests;
  const result: GroupCommitResult = {
    requests: options.requests,
    tenant: target.tenant,
    stage: target.stage,
    affectedEnvs: target.envs,
    planRuns: before.planRuns,
    planRunsAfter: after.planRuns,
    load,
    planMs,
    loadMs: median([...before.loadRuns, ...after.loadRuns]),
    wallMs,
    perRequestMs,
    ratio: perRequestMs / planMs,
    goalRatio: P12_GOAL_RATIO,
    committed,
    gaveUp,
    failed: failures.length,
    failures: failures.slice(0, 3),
    pushes,
    maxAttempts,
    timeoutMs: DEFAULT_APPLY_TIMEOUT_MS,
    ...(twoBackends ? { twoBackends } : {}),
  };
  progress(`P12: ${groupCommitLine(result)}`);
  return result;
}

/** The requests split over two processes (groupCommitChild.ts), each with its own RequestQueue, started at once. */
async function inTwoProcesses(
  repo: FleetRepo,
  target: { tenant: string; stage: string },
  count: number,
): Promise<NonNullable<GroupCommitResult['twoBackends']>> {
  progress(`P12: ${count} more at once, split over two processes (two backends), a RequestQueue each`);
  const child = join(__dirname, 'groupCommitChild.ts');
  const tsx = require.resolve('tsx/cjs');
  const work = tempDir('p12-two');
  const names = Array.from({ length: count }, (_, i) => `p12-two-${String(i + 1).padStart(2, '0')}`);
  const started = nowMs();
  const answers = await Promise.all(
    [0, 1].map(async (side) => {
      const input = {
        remote: repo.remoteUrl,
        workDir: work,
        requests: names.filter((_, i) => i % 2 === side).map((n) => onboardRequest(n, target.tenant, target.stage)),
      };
      const r = await run(process.execPath, ['--require', tsx, child, JSON.stringify(input)]);
      if (r.code !== 0) throw new Error(`P12 backend ${side + 1} failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
      return JSON.parse(r.stdout) as {
        pushes: number;
        outcomes: { outcome?: string; attempts?: number; code?: string; message?: string }[];
      };
    }),
  );
  const wallMs = nowMs() - started;
  removeDir(work);
  await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
  const outcomes = answers.flatMap((a) => a.outcomes);
  const failures = outcomes
    .filter((o) => o.code && !(o.code === 'Conflict' && /gave up after/.test(o.message ?? '')))
    .map((o) => `${o.code}: ${o.message}`);
  const result = {
    wallMs,
    committed: outcomes.filter((o) => o.outcome === 'committed').length,
    gaveUp: outcomes.filter((o) => o.code === 'Conflict' && /gave up after/.test(o.message ?? '')).length,
    failed: failures.length,
    failures: failures.slice(0, 3),
    pushes: answers.reduce((n, a) => n + a.pushes, 0),
    maxAttempts: Math.max(0, ...outcomes.map((o) => o.attempts ?? 0)),
  };
  progress(
    `P12: two backends: ${result.committed} of ${count} committed in ${fmtMs(wallMs)}, ${result.pushes} pushes, at most ${result.maxAttempts} attempts, ${result.gaveUp} gave up, ${result.failed} failed otherwise`,
  );
  return result;
}

/** `runs` plans of one new OnboardApp on the remote's base, each on a freshly read tree. */
async function planBaseline(
  repo: FleetRepo,
  target: { tenant: string; stage: string },
  runs: number,
  label: string,
): Promise<{ planRuns: number[]; loadRuns: number[] }> {
  const work = tempDir('p12-plan');
  const planRuns: number[] = [];
  const loadRuns: number[] = [];
  try {
    const dir = join(work, 'repo');
    await git(work, ['clone', '--quiet', '--no-checkout', '--depth', '1', '--single-branch', repo.remoteUrl, dir]);
    for (let i = 1; i <= runs; i++) {
      const tree = await timed(() => GitTreeFileTree.load(dir, 'HEAD'));
      const request = onboardRequest(`p12-plan-${label}-${i}`, target.tenant, target.stage);
      const p = await timed(async () =>
        planRequest(tree.value, await sealRequest(tree.value, request), {
          actor: { kind: 'platform' },
          baseCommit: repo.base,
        }),
      );
      if (!p.value.changes.length) throw new Error('P12: the baseline plan is empty');
      loadRuns.push(tree.ms);
      planRuns.push(p.ms);
    }
  } finally {
    removeDir(work);
  }
  return { planRuns, loadRuns };
}

function groupCommitLine(r: GroupCommitResult): string {
  return `${r.committed} of ${r.requests} committed in ${fmtMs(r.wallMs)} (${fmtMs(r.perRequestMs)} per request, ${fmtRatio(r.ratio)} one plan of ${fmtMs(r.planMs)}), ${r.pushes} pushes, ${r.gaveUp} gave up, ${r.failed} failed otherwise`;
}

/** Whether P12 met its goal: every request landed, none gave up, wall per request ≤ 1.5× one plan. */
export const groupCommitMet = (r: GroupCommitResult): boolean =>
  r.committed === r.requests && r.gaveUp === 0 && r.ratio <= r.goalRatio;

export function groupCommitSummaryRows(r: GroupCommitResult): string[][] {
  return [
    [
      `P12 group commit, ${r.requests} OnboardApps at once`,
      `${fmtMs(r.perRequestMs)} per request (${fmtMs(r.wallMs)} in all; ${r.committed} committed, ${r.gaveUp} gave up, ${r.pushes} pushes)`,
      `${fmtMs(r.planMs)} one plan`,
      fmtRatio(r.ratio),
      `≤ ${r.goalRatio}×, 0 give-ups`,
      groupCommitMet(r) ? 'met' : 'MISSED',
    ],
    ...(r.twoBackends
      ? [
          [
            `P12 two backends, ${r.requests} at once split over two processes`,
            `${fmtMs(r.twoBackends.wallMs / r.requests)} per request (${fmtMs(r.twoBackends.wallMs)} in all; ${r.twoBackends.committed} committed, ${r.twoBackends.gaveUp} gave up, ${r.twoBackends.pushes} pushes)`,
            `${fmtMs(r.planMs)} one plan`,
            fmtRatio(r.twoBackends.wallMs / r.requests / r.planMs),
            'all land, 0 give-ups',
            r.twoBackends.committed === r.requests && r.twoBackends.gaveUp === 0 ? 'met' : 'MISSED',
          ],
        ]
      : []),
  ];
}

export function groupCommitSection(r: GroupCommitResult): string {
  return [
    '## P12: group commit (issue 17 goal 3)',
    '',
    `${r.requests} OnboardApp requests (new apps of tenant ${r.tenant} into stage ${r.stage}, ${r.affectedEnvs} envs; the platform as actor) submitted at once to one \`RequestQueue\` on the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet's bare remote, mode direct, the default timeout (${r.timeoutMs / 1000} s): each round fetches the head once, plans the waiting requests one on the other's commit, commits each with its own trailers and pushes them together. **${r.committed} of ${r.requests} committed in ${fmtMs(r.wallMs)}: ${fmtMs(r.perRequestMs)} per request, ${fmtRatio(r.ratio)} one request's plan** (seal + \`plan()\` on the head's tree, median of ${r.planRuns.map(fmtMs).join(', ')} before the ${r.requests} and ${r.planRunsAfter.map(fmtMs).join(', ')} after them; reading that tree from a no-checkout clone ${fmtMs(r.loadMs)} more; load ${r.load.map((l) => l.toFixed(1)).join(' / ')} at the start / the batch / after it). ${r.pushes} pushes, at most ${r.maxAttempts} attempt(s) per request, ${r.gaveUp} gave up, ${r.failed} failed otherwise${r.failures.length ? ` (${r.failures.join('; ')})` : ''}.`,
    ...(r.twoBackends
      ? [
          '',
          `Two backends: ${r.requests} more submitted at once, split over two processes (\`src/groupCommitChild.ts\`, a RequestQueue each, racing on the same remote): **${r.twoBackends.committed} of ${r.requests} committed in ${fmtMs(r.twoBackends.wallMs)}** (${fmtMs(r.twoBackends.wallMs / r.requests)} per request), ${r.twoBackends.pushes} pushes (those beyond the rounds that landed lost a race and were planned again), at most ${r.twoBackends.maxAttempts} attempt(s) per request, ${r.twoBackends.gaveUp} gave up, ${r.twoBackends.failed} failed otherwise${r.twoBackends.failures.length ? ` (${r.twoBackends.failures.join('; ')})` : ''}.`,
        ]
      : []),
  ].join('\n');
}

if (require.main === module) {
  installCleanup();
  const arg = (name: string, d: number) =>
    Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
  void (async () => {
    progress(`generating the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet and its bare remote`);
    const repo = await prepareFleetRepo(REFERENCE_SHAPE);
    const r = await runGroupCommitBench(repo, {
      requests: arg('requests', 50),
      runs: arg('runs', 3),
      twoBackends: !process.argv.includes('--no-two'),
    });
    console.log(`${groupCommitLine(r)}; load ${loadavg()[0]!.toFixed(1)}`);
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
