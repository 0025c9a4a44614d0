import type { Environment, FileTree, Fleet, Stage } from '@platter/model';

/** What a renderer reads: the model, and the files as they are (to write onto). */
export interface RenderContext {
  readonly fleet: Fleet;
  readonly previous: FileTree;
}

/** Desired content per path; `null` deletes the file. */
export type RenderedFiles = Map<string, string | null>;

/**
 * Lookups every env's render needs, built once per model (issue 17: render at
 * scale). Asked per env, "which tenants have an env-only app here" walked every
 * app of every tenant: 10,000 envs made that quadratic.
 */
export interface RenderIndex {
  readonly stages: ReadonlyMap<string, Stage>;
  readonly environments: ReadonlyMap<string, Environment>;
  /** Per env, the tenants with an app deployed to that env alone (not through its stage). */
  readonly envOnlyTenants: ReadonlyMap<string, ReadonlySet<string>>;
}

const indexes = new WeakMap<Fleet, RenderIndex>();

/** The index of a model (render's normalized one), built on first use and kept as long as the model is. */
export function renderIndex(fleet: Fleet): RenderIndex {
  let index = indexes.get(fleet);
  if (index) return index;
  const envOnlyTenants = new Map<string, Set<string>>();
  for (const app of fleet.apps)
    for (const d of app.deployments) {
      if (d.env === undefined) continue;
      let tenants = envOnlyTenants.get(d.env);
      if (!tenants) envOnlyTenants.set(d.env, (tenants = new Set()));
      tenants.add(app.tenant);
    }
  index = {
    // The first of a name wins, as `find` would.
    stages: firstByName(fleet.stages),
    environments: firstByName(fleet.environments),
    envOnlyTenants,
  };
  indexes.set(fleet, index);
  return index;
}

function firstByName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) if (!out.has(item.name)) out.set(item.name, item);
  return out;
}
