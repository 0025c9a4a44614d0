import type { FileTree, Fleet } from '@platter/model';
import type { KustomizeWalker } from '../parse/kustomizeWalk';
import { ParseCache } from '../parse/parseCache';
import { buildEnvironment } from './buildEnvironment';
import { findDangers } from './dangers';
import { compareObjects } from './diffObjects';
import { fluxWalker } from './fluxWalker';
import { explainObject } from '../explain/explainObject';
import type { DangerFinding, EnvironmentDiff, RenderedDiff, RenderedDiffGroup, RenderedEnvironment } from './types';

/** One side of a change: its tree and the envs it has. */
export interface RenderedDiffSide {
  readonly tree: FileTree;
  /** The envs that exist on this side (of those asked; an env on one side only is all added or removed). */
  readonly environments: readonly string[];
}

/** The envs of a fleet and their stages, for renderedDiff (from the models of either side). */
export const stagesOf = (...fleets: readonly (Fleet | undefined)[]): ReadonlyMap<string, string> =>
  new Map(fleets.flatMap((f) => f?.environments.map((e) => [e.name, e.stage] as const) ?? []));

/** The rendered diff of one env: its object changes and their danger findings. */
export function diffEnvironment(
  before: RenderedEnvironment | undefined,
  after: RenderedEnvironment | undefined,
): EnvironmentDiff {
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
 * side (one fluxWalker each), files parsed once for both.
 */
export interface RenderedDiffOptions {
  /** Each env's stage (stagesOf), to name the stages of a group. */
  readonly stageOf?: ReadonlyMap<string, string>;
  /** Parsed files to share (a plan's): the two sides parse unchanged files once. */
  readonly cache?: ParseCache;
  /**
   * The flux walkers (fluxWalker) of the two sides, when the caller keeps them
   * (PlanBase: the commit's builds made once for every plan on it).
   */
  readonly walkers?: { readonly before: KustomizeWalker; readonly after: KustomizeWalker };
}

export function renderedDiff(
  before: RenderedDiffSide,
  after: RenderedDiffSide,
  options: RenderedDiffOptions = {},
): RenderedDiff {
  const stageOf = options.stageOf ?? new Map<string, string>();
  const cache = options.cache ?? new ParseCache();
  const walkers = options.walkers ?? { before: fluxWalker(before.tree, cache), after: fluxWalker(after.tree, cache) };
  const groups = new Map<string, { environments: string[]; diff: EnvironmentDiff }>();
  const unchanged: string[] = [];
  const [was, is] = [new Set(before.environments), new Set(after.environments)];
  const has = (side: RenderedDiffSide, env: string) => (side === before ? was : is).has(env);
  for (const env of [...new Set([...was, ...is])].sort()) {
    const b = has(before, env) ? buildEnvironment(walkers.before, env) : undefined;
    const a = has(after, env) ? buildEnvironment(walkers.after, env) : undefined;
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
    dangers: g.diff.dangers.map((d) =>
      is.has(g.environments[0]!) ? locate(d, after.tree, g.environments[0]!, cache, walkers.after) : d,
    ),
  }));
  out.sort(
    (x, y) =>
      Number(y.dangers.length > 0) - Number(x.dangers.length > 0) ||
      y.environments.length - x.environments.length ||
      (x.environments[0]! < y.environments[0]! ? -1 : 1),
  );
  return { groups: out, unchanged };
}

/**
 * A danger finding about a field points at the file that last set that field (an
 * app's pin file, an addon's patch, an env override), found by explaining the
 * object in the group's first env; else it stays on the file declaring the object.
 */
function locate(
  d: DangerFinding,
  tree: FileTree,
  env: string,
  cache: ParseCache,
  walker: ReturnType<typeof fluxWalker>,
): DangerFinding {
  const hash = d.path?.indexOf('#') ?? -1;
  if (hash < 0) return d;
  const field = d.path!.slice(hash + 1);
  const within = (f: string) =>
    f === field ||
    f.startsWith(`${field}.`) ||
    f.startsWith(`${field}[`) ||
    field.startsWith(`${f}.`) ||
    field.startsWith(`${f}[`);
  try {
    const e = explainObject(tree, env, d.object, { cache, walker });
    const last = [...e.steps].reverse().find((s) => s.fields?.some(within));
    return last ? { ...d, path: `${last.file}#${field}` } : d;
  } catch {
    return d;
  }
}

/** Every danger finding of a rendered diff, once per group. */
export const dangersOf = (d: RenderedDiff | undefined) => d?.groups.flatMap((g) => g.dangers) ?? [];
