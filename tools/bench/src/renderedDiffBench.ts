/**
 * Issue 18 up close: the rendered per-env diff of an OnboardApp into the biggest
 * stage of the 1,000-env fleet (205 envs), as `plan()` computes it, measured apart
 * from the rest of the plan. A benchmark, not a test.
 *
 *   node -r tsx/cjs tools/bench/src/renderedDiffBench.ts [--runs=N]
 *
 * Cold: new readers of the trees before and after (every kustomize walk is done by
 * the diff). Warm: the readers have validated the affected envs first, as plan()'s
 * readers have when it computes the diff (the walks are cached, the Flux-way builds,
 * substitution and the object diff are what remains).
 */
import { OverlayFileTree } from '@platter/model';
import { RepositoryReader, plan, renderedDiff, validateRepository } from '@platter/render';
import { REFERENCE_SHAPE, generateRepository } from '@platter/tools-fleet';
import { onboardingTarget, onboardRequest } from './p2';
import { fmtInt, fmtMs, median, nowMs, progress } from './util';

export function runRenderedDiffBench(runs = 3): { envs: number; groups: number; coldMs: number; warmMs: number } {
  progress(`generating the ${fmtInt(REFERENCE_SHAPE.envs)}-env fleet`);
  const { fleet, tree } = generateRepository(REFERENCE_SHAPE);
  const target = onboardingTarget(fleet);
  const p = plan(tree, { ...onboardRequest('bench-diff-app', target.tenant, target.stage), values: {} });
  const after = new OverlayFileTree(tree).apply(p.changes);
  const envs = p.affected.environments;
  const cold: number[] = [];
  const warm: number[] = [];
  let groups = 0;
  for (let i = 0; i < runs; i++) {
    let [b, a] = [new RepositoryReader(tree), new RepositoryReader(after)];
    let t = nowMs();
    const d = renderedDiff({ walker: b.walker, environments: envs }, { walker: a.walker, environments: envs });
    cold.push(nowMs() - t);
    groups = d.groups.length;
    [b, a] = [new RepositoryReader(tree), new RepositoryReader(after)];
    validateRepository(tree, { environments: envs, reader: b });
    validateRepository(after, { environments: envs, reader: a });
    t = nowMs();
    renderedDiff({ walker: b.walker, environments: envs }, { walker: a.walker, environments: envs });
    warm.push(nowMs() - t);
  }
  return { envs: envs.length, groups, coldMs: median(cold), warmMs: median(warm) };
}

if (require.main === module) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  const r = runRenderedDiffBench(runs);
  console.log(`rendered diff of an OnboardApp over ${r.envs} envs (${r.groups} group${r.groups === 1 ? '' : 's'}): cold ${fmtMs(r.coldMs)}, warm (as in plan) ${fmtMs(r.warmMs)}; median of ${runs}`);
}
