import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileChange, Fleet } from '@platter/model';
import { plan as planRequest } from '@platter/render';
import { applyRequest, DiskFileTree } from '@platter/gitops-repo';
import { git, type FleetRepo } from './fleetRepo';
import { median, nowMs, progress, removeDir, tempDir, timed } from './util';

export const P2_GOAL_RATIO = 1.5;

export interface P2Request {
  readonly kind: 'OnboardApp';
  readonly name: string;
  readonly tenant: string;
  readonly source: { readonly type: 'helm'; readonly repository: string; readonly chart: string };
  readonly targets: { readonly stage: string }[];
  readonly version: string;
}

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
  readonly platter: { readonly runs: number[]; readonly medianMs: number; readonly cpuRuns: number[]; readonly medianCpuMs: number; readonly outcomes: string[] };
  readonly raw: { readonly runs: number[]; readonly medianMs: number; readonly cpuRuns: number[]; readonly medianCpuMs: number; readonly steps: RawGitSteps[]; readonly medianSteps: RawGitSteps };
  /** plan() alone (seal + plan + static validation of the affected envs) on a fresh shallow clone. */
  readonly planOnly: { readonly runs: number[]; readonly medianMs: number };
  readonly ratio: number;
  /** The same in CPU time (this process + git), for a machine shared with other work. */
  readonly cpuRatio: number;
  readonly goalRatio: number;
}

/**
 * The request: onboard a new app of an existing tenant into one stage, as the
 * platform. The stage is the biggest (most envs) of the stages the tenant is
 * in, so the static validation covers the most envs one such request can touch.
 */
export function onboardingTarget(fleet: Fleet): { tenant: string; stage: string; envs: number } {
  const envCount = (stage: string) => fleet.environments.filter((e) => e.stage === stage).length;
  let best: { tenant: string; stage: string; envs: number } | undefined;
  for (const t of [...fleet.tenants].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const s of t.stages) {
      const n = envCount(s);
      if (!best || n > best.envs) best = { tenant: t.name, stage: s, envs: n };
    }
  }
  if (!best) throw new Error('the fleet has no tenant in any stage');
  return best;
}

export function onboardRequest(name: string, tenant: string, stage: string): P2Request {
  return {
    kind: 'OnboardApp',
    name,
    tenant,
    source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: name },
    targets: [{ stage }],
    version: '1.0.0',
  };
}

/** Puts `main` of the remote back where it was: every run starts from the same base. */
async function resetRemote(repo: FleetRepo): Promise<void> {
  await git(repo.remote, ['update-ref', 'refs/heads/main', repo.base]);
}

/** The baseline: what a person (or a script) does with git alone to commit the same files. */
async function rawGit(repo: FleetRepo, changes: readonly FileChange[], message: string): Promise<RawGitSteps & { totalMs: number }> {
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
  await git(work, ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', repo.remoteUrl, dir]);
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

/** seal + plan on a fresh shallow clone's files, as applyRequest's prepare() does (timed alone). */
async function planOnClone(repo: FleetRepo, request: P2Request): Promise<number> {
  const work = tempDir('plan');
  const dir = join(work, 'repo');
  await git(work, ['clone', '--quiet', '--depth', '1', '--single-branch', '--no-tags', repo.remoteUrl, dir]);
  const r = await timed(() => planRequest(new DiskFileTree(dir), request, { actor: { kind: 'platform' }, baseCommit: repo.base }));
  removeDir(work);
  return r.ms;
}

export async function runP2(repo: FleetRepo, options: { runs: number }): Promise<P2Result> {
  const target = onboardingTarget(repo.fleet);
  progress(`P2: OnboardApp (tenant ${target.tenant} -> stage ${target.stage}, ${target.envs} envs) via applyRequest vs raw git, ${options.runs} runs each, alternating; the remote is reset to the same base after every run`);
  const platterRuns: number[] = [];
  const platterCpu: number[] = [];
  const outcomes: string[] = [];
  const rawRuns: number[] = [];
  const rawCpu: number[] = [];
  const steps: RawGitSteps[] = [];
  let lastChanges: readonly FileChange[] = [];
  let affected = 0;
  for (let i = 1; i <= options.runs; i++) {
    const name = `bench-app-${String(i).padStart(2, '0')}`;
    const request = onboardRequest(name, target.tenant, target.stage);
    const work = tempDir('apply');
    const a = await timed(() => applyRequest(repo.remoteUrl, request, { mode: 'direct', actor: { kind: 'platform' }, workDir: work }));
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
    progress(`P2 run ${i}/${options.runs}: applyRequest ${(a.ms / 1000).toFixed(2)} s (${a.value.plan.changes.length} files, ${affected} affected envs), raw git ${(r.totalMs / 1000).toFixed(2)} s`);
  }
  progress('P2: plan() alone on a fresh shallow clone (where applyRequest spends its time), 1 run');
  const planRuns = [await planOnClone(repo, onboardRequest('bench-plan-1', target.tenant, target.stage))];
  const medianSteps = Object.fromEntries(
    (['cloneMs', 'writeMs', 'addMs', 'commitMs', 'pushMs', 'cleanupMs'] as const).map((k) => [k, median(steps.map((s) => s[k]))]),
  ) as unknown as RawGitSteps;
  const platterMedian = median(platterRuns);
  const rawMedian = median(rawRuns);
  return {
    tenant: target.tenant,
    stage: target.stage,
    affectedEnvs: affected,
    changedFiles: lastChanges.length,
    changedPaths: lastChanges.map((c) => `${c.op} ${c.path}`),
    platter: { runs: platterRuns, medianMs: platterMedian, cpuRuns: platterCpu, medianCpuMs: median(platterCpu), outcomes },
    raw: { runs: rawRuns, medianMs: rawMedian, cpuRuns: rawCpu, medianCpuMs: median(rawCpu), steps, medianSteps },
    planOnly: { runs: planRuns, medianMs: median(planRuns) },
    ratio: platterMedian / rawMedian,
    cpuRatio: median(platterCpu) / median(rawCpu),
    goalRatio: P2_GOAL_RATIO,
  };
}
