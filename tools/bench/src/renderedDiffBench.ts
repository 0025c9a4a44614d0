/**
 * Issue 18 up close: the rendered per-env diff of an OnboardApp into the biggest
 * stage of the 1,000-env fleet (205 envs), as `plan()` computes it, measured apart
 * from the rest of the plan. A benchmark, not a test.
 *
 *   node -r tsx/cjs tools/bench/src/renderedDiffBench.ts [--runs=N]
 *
 * Reports plan() as a whole (it includes the diff), and the diff alone on files a
 * reader has parsed before (as in plan(): the kustomize walks, Flux-way builds,
 * substitution and the object diff are what the diff adds).
 */
import { OverlayFileTree } from '@platter/model';
import { ParseCache, plan, renderedDiff, validateRepository } from '@platter/render';
import { REFERENCE_SHAPE, generateRepository } from '@platter/tools-fleet';
import { onboardingTarget, onboardRequest } from './p2';
import { loadavg } from 'node:os';
import { fmtInt, fmtMs, median, nowMs, progress, selfCpuMs } from './util';

/** P8 of `npm run bench` (issue 18): the rendered diff of an OnboardApp, and plan() with it. */
export interface RenderedDiffResult {
  readonly runs: number;
  readonly envs: number;
  readonly groups: number;
  readonly planMs: number;
  readonly diffMs: number;
  readonly diffCpuMs: number;
}

export function runRenderedDiffBench(runs = 3): RenderedDiffResult {
  progress(`generating the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet`);
  const { fleet, tree } = generateRepository(REFERENCE_SHAPE);
  const target = onboardingTarget(fleet);
  const request = { ...onboardRequest('bench-diff-app', target.tenant, target.stage), values: {} };
  const planMs: number[] = [];
  const diffMs: number[] = [];
  const diffCpuMs: number[] = [];
  let envs = 0;
  let groups = 0;
  for (let i = 0; i < runs; i++) {
    let t = nowMs();
    const p = plan(tree, request as never);
    planMs.push(nowMs() - t);
    const after = new OverlayFileTree(tree).apply(p.changes);
    envs = p.affected.environments.length;
    // The diff alone, files parsed by a reader first (as plan() has parsed them when it diffs).
    const cache = new ParseCache();
    validateRepository(tree, { environments: p.affected.environments, cache });
    t = nowMs();
    const cpu = selfCpuMs();
    const d = renderedDiff(
      { tree, environments: p.affected.environments },
      { tree: after, environments: p.affected.environments },
      { cache },
    );
    diffMs.push(nowMs() - t);
    diffCpuMs.push(selfCpuMs() - cpu);
    groups = d.groups.length;
  }
  return { runs, envs, groups, planMs: median(planMs), diffMs: median(diffMs), diffCpuMs: median(diffCpuMs) };
}

/** The report's summary row (no goal: issue 18 asks for the number). */
export function renderedDiffSummaryRows(r: RenderedDiffResult): string[][] {
  return [
    [
      `P8 rendered diff, OnboardApp over ${fmtInt(r.envs)} envs`,
      `${fmtMs(r.diffMs)} (CPU ${fmtMs(r.diffCpuMs)}), ${r.groups} group${r.groups === 1 ? '' : 's'}`,
      `plan() with it: ${fmtMs(r.planMs)}`,
      '',
      '(reported)',
      '—',
    ],
  ];
}

export function renderedDiffSection(r: RenderedDiffResult): string {
  return [
    '## P8: the rendered per-env diff (issue 18)',
    '',
    `An OnboardApp into the biggest stage of the fleet reaches ${fmtInt(r.envs)} envs. \`plan()\` builds each of them the Flux way before and after the change and diffs the objects (docs/rendered-diff.md). Median of ${r.runs}: **plan() ${fmtMs(r.planMs)}** with the diff, of which **the diff ${fmtMs(r.diffMs)}** (CPU ${fmtMs(r.diffCpuMs)}), measured apart on files a reader parsed first, as in plan(). The envs' diffs fall into ${r.groups} group${r.groups === 1 ? '' : 's'} of identical diffs.`,
  ].join('\n');
}

if (require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  const r = runRenderedDiffBench(runs);
  console.log(
    `OnboardApp over ${r.envs} envs: plan() ${fmtMs(r.planMs)} with its rendered diff (${r.groups} group${r.groups === 1 ? '' : 's'}), of which the diff ${fmtMs(r.diffMs)} (CPU ${fmtMs(r.diffCpuMs)}); median of ${runs}, load ${loadavg()[0]!.toFixed(1)}`,
  );
}
