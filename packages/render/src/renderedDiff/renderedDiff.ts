import type { Fleet } from '@platter/model';
import type { KustomizeWalker } from '../parse/kustomizeWalk';
import { buildEnvironment } from './buildEnvironment';
import { findDangers } from './dangers';
import { compareObjects } from './diffObjects';
import type { EnvironmentDiff, RenderedDiff, RenderedDiffGroup, RenderedEnvironment } from './types';

/** One side of a change: a walker of its tree (a reader's, to share its builds) and its model. */
export interface RenderedDiffSide {
  readonly walker: KustomizeWalker;
  /** Which envs exist on this side, and their stages. */
  readonly fleet: Fleet | undefined;
}

/** The rendered diff of one env: its object changes and their danger findings. */
export function diffEnvironment(before: RenderedEnvironment | undefined, after: RenderedEnvironment | undefined): EnvironmentDiff {
  const compared = compareObjects(before, after);
  const changes = compared.changes;
  return { changes, dangers: changes.length ? findDangers(before, after, changes, compared) : [] };
}

/**
 * The rendered diff of a change (DESIGN §6): for each env, the objects Flux would
 * apply before and after it, built statically from each side's tree
 * (buildEnvironment), diffed object by object with danger findings, and envs whose
 * diff is identical grouped. An env on one side only is all added or all removed.
 * Pure; builds of shared parts (a stage, a component version) are done once per
 * side by the walkers.
 */
export function renderedDiff(before: RenderedDiffSide, after: RenderedDiffSide, environments: readonly string[]): RenderedDiff {
  const groups = new Map<string, { environments: string[]; diff: EnvironmentDiff }>();
  const unchanged: string[] = [];
  const stageOf = new Map<string, string>();
  for (const f of [before.fleet, after.fleet]) for (const e of f?.environments ?? []) stageOf.set(e.name, e.stage);
  const has = (side: RenderedDiffSide, env: string) => side.fleet?.environments.some((e) => e.name === env) ?? false;
  for (const env of [...new Set(environments)].sort()) {
    const b = has(before, env) ? buildEnvironment(before.walker, env) : undefined;
    const a = has(after, env) ? buildEnvironment(after.walker, env) : undefined;
    const d = diffEnvironment(b, a);
    if (!d.changes.length) {
      unchanged.push(env);
      continue;
    }
    const key = JSON.stringify(d);
    const group = groups.get(key);
    if (group) group.environments.push(env);
    else groups.set(key, { environments: [env], diff: d });
  }
  const out: RenderedDiffGroup[] = [...groups.values()].map((g) => ({
    environments: g.environments,
    stages: [...new Set(g.environments.map((e) => stageOf.get(e)).filter((s): s is string => s !== undefined))].sort(),
    changes: g.diff.changes,
    dangers: g.diff.dangers,
  }));
  out.sort((x, y) => Number(y.dangers.length > 0) - Number(x.dangers.length > 0) || y.environments.length - x.environments.length || (x.environments[0]! < y.environments[0]! ? -1 : 1));
  return { groups: out, unchanged };
}

/** Every danger finding of a rendered diff, once per group. */
export const dangersOf = (d: RenderedDiff | undefined) => d?.groups.flatMap((g) => g.dangers) ?? [];
