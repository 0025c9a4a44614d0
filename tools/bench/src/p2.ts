import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { byteOrder, parseRequest, type FileChange, type Fleet, type RequestOf } from '@platter/model';
import { plan as planRequest, PlanBase } from '@platter/render';
import { applyRequest, GitTreeFileTree } from '@platter/gitops-repo';
import { git, type FleetRepo } from './fleetRepo';
import { median, nowMs, progress, removeDir, tempDir, timed } from './util';

export const P2_GOAL_RATIO = 1.5;
/** Issue 17 goal 5: applyRequest ≤ 2× raw git without a checkout (git alone doing what applyRequest does). */
export const P2_NO_CHECKOUT_GOAL_RATIO = 2;

/** The P2 request: one OnboardApp, parsed (the core takes typed requests). */
export type P2Request = RequestOf<'OnboardApp'>;

export interface RawGitSteps {
  readonly cloneMs: number;
  readonly writeMs: number;
  readonly addMs: number;
  readonly commitMs: number;
  readonly pushMs: number;
  readonly cleanupMs: number;
}

export interface P2Result {
  readonly tenant: string;
  readonly stage: string;
  readonly affectedEnvs: number;
  readonly changedFiles: number;
  readonly changedPaths: string[];
  readonly platter: {
    readonly runs: number[];
    readonly medianMs: number;
    readonly cpuRuns: number[];
    readonly medianCpuMs: number;
    readonly outcomes: string[];
  };
  readonly raw: {
    readonly runs: number[];
    readonly medianMs: number;
    readonly cpuRuns: number[];
    readonly medianCpuMs: number;
    readonly steps: RawGitSteps[];
    readonly medianSteps: RawGitSteps;
  };
  /**
   * The same raw git steps in a clone without a checkout (`--no-checkout`, the
   * index read from HEAD): what git alone costs when it, like applyRequest, does
   * not write the fleet's files to disk. Issue 17 goal 5's baseline.
   */
  readonly rawNoCheckout: {
    readonly runs: number[];
    readonly medianMs: number;
    readonly cpuRuns: number[];
    readonly medianCpuMs: number;
  };
  /** Reading the head commit from a fresh no-checkout clone (GitTreeFileTree.load), then plan() alone (seal + plan + static validation of the affected envs). */
  readonly planOnly: {
    readonly runs: number[];
    readonly medianMs: number;
    readonly loadRuns: number[];
    readonly medianLoadMs: number;
  };
  /**
   * applyRequest given the head commit already parsed (ApplyOptions.base: a
   * PlanBase of the commit, walked and prepared as the backend's PlanBases
   * holds its mirrored commit), alternating with the runs above; parsing and
   * preparing the base (once, before the runs) is not timed.
   */
  readonly withBase: {
    readonly runs: number[];
    readonly medianMs: number;
    readonly cpuRuns: number[];
    readonly medianCpuMs: number;
    /** Reading the commit and walking it for plans (what the backend's first plan on a commit does). */
    readonly prepareMs: number;
    /** Preparing it ahead of plans (PlanBase.prepare, what PlanBases runs in the background after that). */
    readonly prepareAheadMs: number;
    /** withBase / raw git without a checkout. */
    readonly noCheckoutRatio: number;
  };
  readonly ratio: number;
  /** The same in CPU time (this process + git), for a machine shared with other work. */
  readonly cpuRatio: number;
  readonly goalRatio: number;
  /** applyRequest / raw git without a checkout (issue 17 goal 5). */
  readonly noCheckoutRatio: number;
  readonly noCheckoutGoalRatio: number;
}

/**
 * The request: onboard a new app of an existing tenant into one stage, as the
 * platform. The stage is the biggest (most envs) of the stages the tenant is
 * in, so the static validation covers the most envs one such request can touch.
 */
export function onboardingTarget(fleet: Fleet): { tenant: string; stage: string; envs: number } {
  const envCount = (stage: string) => fleet.environments.filter((e) => e.stage === stage).length;
  let best: { tenant: string; stage: string; envs: number } | undefined;
  for (const t of [...fleet.tenants].sort((a, b) => byteOrder(a.name, b.name))) {
    for (const s of t.stages) {
      const n = envCount(s);
      if (!best || n > best.envs) best = { tenant: t.name, stage: s, envs: n };
    }
  }
  if (!best) throw new Error('the fleet has no tenant in any stage');
  return best;
}

export function onboardRequest(name: string, tenant: string, stage: string): P2Request {
  return parseRequest({
    kind: 'OnboardApp',
    name,
    tenant,
    source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: name },
    targets: [{ stage }],
    version: '1.0.0',
  }) as P2Request;
}

/** Puts `main` of the remote back where it was: every run starts from the same base. */
async function resetRemote(repo: FleetRepo): Promise<void> {
  await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
}

/**
 * The baseline: what a person (or a script) does with git alone to commit the
 * same files. `checkout: false` clones without a checkout and reads HEAD into
 * the index, so only the changed files are ever on disk.
 */
async function rawGit(
  repo: FleetRepo,
  changes: readonly FileChange[],
  message: string,
  checkout = true,
): Promise<RawGitSteps & { totalMs: number }> {
  const start = nowMs();
  const work = tempDir('raw');
  const dir = join(work, 'repo');
  let t = nowMs();
  const lap = () => {
    const n = nowMs();
    const d = n - t;
    t = n;
    return d;
  };
  await git(work, [
    'clone',
    '--quiet',
    ...(checkout ? [] : ['--no-checkout']),
    '--depth',
    '1',
    '--single-branch',
    '--no-tags',
    repo.remoteUrl,
    dir,
  ]);
  if (!checkout) await git(dir, ['read-tree', 'HEAD']);
  const cloneMs = lap();
  for (const c of changes) {
    const abs = join(dir, c.path);
    if (c.op === 'delete') rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, c.after ?? '');
    }
  }
  const writeMs = lap();
  await git(dir, ['add', '--all', '--', ...changes.map((c) => c.path)]);
  const addMs = lap();
  await git(dir, ['commit', '--quiet', '--no-verify', '-m', message]);
  const commitMs = lap();
  await git(dir, ['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
  const pushMs = lap();
  removeDir(work);
  const cleanupMs = lap();
  return { cloneMs, writeMs, addMs, commitMs, pushMs, cleanupMs, totalMs: nowMs() - start };
}

/** Reading the commit and planning on it, as applyRequest does on its fresh clone (each timed alone). */
async function planOnClone(repo: FleetRepo, request: P2Request): Promise<{ loadMs: number; planMs: number }> {
  const work = tempDir('plan');
  const dir = join(work, 'repo');
  await git(work, [
    'clone',
    '--quiet',
    '--no-checkout',
    '--depth',
    '1',
    '--single-branch',
    '--no-tags',
    repo.remoteUrl,
    dir,
  ]);
  const tree = await timed(() => GitTreeFileTree.load(dir, 'HEAD'));
  const r = await timed(() => planRequest(tree.value, request, { actor: { kind: 'platform' }, baseCommit: repo.base }));
  removeDir(work);
  return { loadMs: tree.ms, planMs: r.ms };
}

export async function runP2(repo: FleetRepo, options: { runs: number }): Promise<P2Result> {
  const target = onboardingTarget(repo.fleet);
  progress(
    `P2: OnboardApp (tenant ${target.tenant} -> stage ${target.stage}, ${target.envs} envs) via applyRequest vs raw git, ${options.runs} runs each, alternating; the remote is reset to the same base after every run`,
  );
  const platterRuns: number[] = [];
  const platterCpu: number[] = [];
  const outcomes: string[] = [];
  const rawRuns: number[] = [];
  const rawCpu: number[] = [];
  const steps: RawGitSteps[] = [];
  const noCheckoutRuns: number[] = [];
  const noCheckoutCpu: number[] = [];
  let lastChanges: readonly FileChange[] = [];
  let affected = 0;
  // The commit as a backend holds it: its mirror parsed and walked once (the first plan on it), then prepared
  // ahead of plans (PlanBases does it in the background), shared by every plan on it.
  const prepared = await timed(async () => {
    const b = PlanBase.of(await GitTreeFileTree.load(repo.dir, repo.base), { commit: repo.base });
    b.validation();
    return b;
  });
  const base = prepared.value;
  const preparedAhead = await timed(async () => {
    for (const _ of base.prepare());
  });
  const withBaseRuns: number[] = [];
  const withBaseCpu: number[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const name = `bench-app-${String(i).padStart(2, '0')}`;
    const request = onboardRequest(name, target.tenant, target.stage);
    const work = tempDir('apply');
    const a = await timed(() =>
      applyRequest(repo.remoteUrl, request, { mode: 'direct', actor: { kind: 'platform' }, workDir: work }),
    );
    removeDir(work);
    await resetRemote(repo);
    if (a.value.outcome !== 'committed') throw new Error(`P2: applyRequest ${a.value.outcome}, expected committed`);
    platterRuns.push(a.ms);
    platterCpu.push(a.cpuMs);
    outcomes.push(a.value.outcome);
    lastChanges = a.value.plan.changes;
    affected = a.value.plan.affected.environments.length;

    const raw = await timed(() => rawGit(repo, a.value.plan.changes, a.value.plan.title));
    const r = raw.value;
    await resetRemote(repo);
    rawRuns.push(r.totalMs);
    rawCpu.push(raw.cpuMs);
    steps.push(r);

    const noCheckout = await timed(() => rawGit(repo, a.value.plan.changes, a.value.plan.title, false));
    await resetRemote(repo);
    noCheckoutRuns.push(noCheckout.value.totalMs);
    noCheckoutCpu.push(noCheckout.cpuMs);

    const warmWork = tempDir('apply-base');
    const w = await timed(() =>
      applyRequest(repo.remoteUrl, onboardRequest(`${name}-b`, target.tenant, target.stage), {
        mode: 'direct',
        actor: { kind: 'platform' },
        workDir: warmWork,
        base,
      }),
    );
    removeDir(warmWork);
    await resetRemote(repo);
    if (w.value.outcome !== 'committed') throw new Error(`P2: applyRequest with a base ${w.value.outcome}`);
    withBaseRuns.push(w.ms);
    withBaseCpu.push(w.cpuMs);
    progress(
      `P2 run ${i}/${options.runs}: applyRequest ${(a.ms / 1000).toFixed(2)} s (${a.value.plan.changes.length} files, ${affected} affected envs), with the commit parsed ${(w.ms / 1000).toFixed(2)} s, raw git ${(r.totalMs / 1000).toFixed(2)} s, raw git without a checkout ${(noCheckout.value.totalMs / 1000).toFixed(2)} s`,
    );
  }
  progress(
    'P2: reading the commit and plan() alone on a fresh no-checkout clone (where applyRequest spends its time), 3 runs',
  );
  const planParts: { loadMs: number; planMs: number }[] = [];
  for (let i = 1; i <= 3; i++)
    planParts.push(await planOnClone(repo, onboardRequest(`bench-plan-${i}`, target.tenant, target.stage)));
  const planRuns = planParts.map((x) => x.planMs);
  const loadRuns = planParts.map((x) => x.loadMs);
  const medianSteps = Object.fromEntries(
    (['cloneMs', 'writeMs', 'addMs', 'commitMs', 'pushMs', 'cleanupMs'] as const).map((k) => [
      k,
      median(steps.map((s) => s[k])),
    ]),
  ) as unknown as RawGitSteps;
  const platterMedian = median(platterRuns);
  const rawMedian = median(rawRuns);
  progress(
    `P2: applyRequest ${(platterMedian / 1000).toFixed(2)} s, with the commit parsed (ApplyOptions.base) ${(median(withBaseRuns) / 1000).toFixed(2)} s (the base walked once in ${(prepared.ms / 1000).toFixed(2)} s and prepared in ${(preparedAhead.ms / 1000).toFixed(2)} s), raw git without a checkout ${(median(noCheckoutRuns) / 1000).toFixed(2)} s: ${(platterMedian / median(noCheckoutRuns)).toFixed(2)}× and ${(median(withBaseRuns) / median(noCheckoutRuns)).toFixed(2)}× (goal ≤ ${P2_NO_CHECKOUT_GOAL_RATIO}×)`,
  );
  return {
    tenant: target.tenant,
    stage: target.stage,
    affectedEnvs: affected,
    changedFiles: lastChanges.length,
    changedPaths: lastChanges.map((c) => `${c.op} ${c.path}`),
    platter: {
      runs: platterRuns,
      medianMs: platterMedian,
      cpuRuns: platterCpu,
      medianCpuMs: median(platterCpu),
      outcomes,
    },
    raw: { runs: rawRuns, medianMs: rawMedian, cpuRuns: rawCpu, medianCpuMs: median(rawCpu), steps, medianSteps },
    rawNoCheckout: {
      runs: noCheckoutRuns,
      medianMs: median(noCheckoutRuns),
      cpuRuns: noCheckoutCpu,
      medianCpuMs: median(noCheckoutCpu),
    },
    planOnly: { runs: planRuns, medianMs: median(planRuns), loadRuns, medianLoadMs: median(loadRuns) },
    withBase: {
      runs: withBaseRuns,
      medianMs: median(withBaseRuns),
      cpuRuns: withBaseCpu,
      medianCpuMs: median(withBaseCpu),
      prepareMs: prepared.ms,
      prepareAheadMs: preparedAhead.ms,
      noCheckoutRatio: median(withBaseRuns) / median(noCheckoutRuns),
    },
    ratio: platterMedian / rawMedian,
    cpuRatio: median(platterCpu) / median(rawCpu),
    goalRatio: P2_GOAL_RATIO,
    noCheckoutRatio: platterMedian / median(noCheckoutRuns),
    noCheckoutGoalRatio: P2_NO_CHECKOUT_GOAL_RATIO,
  };
}
