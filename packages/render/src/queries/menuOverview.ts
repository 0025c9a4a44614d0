import {
  byteOrder,
  compareVersions,
  componentSource,
  type ComponentSource,
  effectiveComponent,
  isValidVersion,
  type AddonOverride,
  type App,
  type Environment,
  type Fleet,
  type Lifecycle,
} from '@platter/model';

/**
 * The menu and the fleet at a glance, for pages that must read at 1,000 envs
 * and more (issue 24): counts per stage instead of names, and the envs behind
 * one count a page at a time. The answer of menuOverview and fleetOverview grows
 * with components × versions × stages, never with the number of envs or apps;
 * versionEnvironments returns at most `limit` envs.
 */

/** What narrows the menu. Text fields match case-insensitively as substrings; `stage` is exact. */
export interface MenuFilter {
  /** Matches `<service>`, `<version>` or `<service>@<version>` (e.g. `ingress-nginx@1.0`). */
  readonly text?: string;
  /** Exactly this service (a row's component). */
  readonly service?: string;
  /** Exactly this version (with `service`: one row). */
  readonly version?: string;
  readonly stage?: string;
  /** Only envs whose name contains this. */
  readonly env?: string;
  /** Only apps whose name contains this, and the envs they run in. */
  readonly app?: string;
}

/** One stage running a version: how many (matching) envs and apps, and the stage's addons. */
export interface MenuStageCount {
  readonly stage: string;
  /** The stage's ordered addon list for this component. */
  readonly addons: readonly string[];
  /** Envs of the stage (matching the filter). */
  readonly environments: number;
  /** Of those, envs that enable or disable addons of this component on top of the stage. */
  readonly overridden: number;
  /** Apps that depend on the component and run in those envs. */
  readonly apps: number;
}

/** One row of the menu: a component version, its lifecycle and addons, and where it runs. */
export interface MenuOverviewRow {
  readonly service: string;
  readonly version: string;
  readonly lifecycle: Lifecycle;
  /** Where its objects come from: a Helm chart or plain manifests. */
  readonly source: ComponentSource;
  /** The chart (Helm versions only). */
  readonly chart?: { readonly name: string; readonly version: string };
  /** The addons this version offers. */
  readonly addons: readonly string[];
  /** Stages running it, in promotion order (only the matching ones when filtered). */
  readonly stages: readonly MenuStageCount[];
  /** Sums over `stages` (apps counted once). */
  readonly environments: number;
  readonly apps: number;
}

export interface MenuOverview {
  /** By service name, then ascending SemVer. */
  readonly rows: readonly MenuOverviewRow[];
  /** Every stage's name, in promotion order (what a stage filter may pick). */
  readonly stages: readonly string[];
  readonly totals: {
    readonly services: number;
    readonly versions: number;
    readonly stages: number;
    readonly environments: number;
    readonly apps: number;
  };
}

/** Which envs of one version to list, a page at a time. */
export interface VersionEnvironmentsQuery extends Omit<MenuFilter, 'text' | 'service' | 'version'> {
  readonly service: string;
  readonly version: string;
  /** @default 0 */
  readonly offset?: number;
  /** @default 50 */
  readonly limit?: number;
}

export interface VersionEnvironment {
  readonly env: string;
  readonly stage: string;
  /** The addons the env really runs (stage list plus its overrides). */
  readonly addons: readonly string[];
  /** The env's own overrides for this component. */
  readonly overrides: readonly AddonOverride[];
}

export interface VersionEnvironments {
  readonly service: string;
  readonly version: string;
  /** Matching envs in all (the page holds `items`). */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Stage promotion order, then env name. */
  readonly items: readonly VersionEnvironment[];
}

/** One cell of the fleet overview: what a stage runs of a component. */
export interface FleetCell {
  readonly stage: string;
  /** Undefined when the stage does not run the component. */
  readonly version?: string;
  readonly addons: readonly string[];
  readonly lifecycle?: Lifecycle;
  /** Envs of the stage that override this component's addons (differ from their stage). */
  readonly differing: number;
}

export interface FleetOverview {
  /** In promotion order, with their env counts. */
  readonly stages: readonly { readonly name: string; readonly promotesFrom?: string; readonly environments: number }[];
  /** By service name; one cell per stage, in the order of `stages`. */
  readonly components: readonly { readonly service: string; readonly cells: readonly FleetCell[] }[];
  readonly totals: { readonly environments: number; readonly apps: number };
}

const DEFAULT_LIMIT = 50;
/** The most envs one page may hold. */
export const MAX_ENVIRONMENTS_PAGE = 500;

const contains = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());
const bySemVer = (a: string, b: string) =>
  isValidVersion(a) && isValidVersion(b) ? compareVersions(a, b) : byteOrder(a, b);
const blank = (s: string | undefined): s is undefined => s === undefined || s.trim() === '';

/** The fleet indexed once per query: envs by stage, and where each app runs. */
class FleetIndex {
  readonly envsByStage = new Map<string, Environment[]>();
  /** Per app: the stages it is deployed to as a whole, and its env-only envs. */
  private readonly reach = new Map<App, { stages: Set<string>; envs: Set<string> }>();

  constructor(readonly fleet: Fleet) {
    for (const s of fleet.stages) this.envsByStage.set(s.name, []);
    for (const e of [...fleet.environments].sort((a, b) => byteOrder(a.name, b.name)))
      this.envsByStage.get(e.stage)?.push(e);
    for (const app of fleet.apps) {
      const stages = new Set<string>();
      const envs = new Set<string>();
      for (const d of app.deployments) {
        if (d.stage !== undefined) stages.add(d.stage);
        else envs.add(d.env);
      }
      this.reach.set(app, { stages, envs });
    }
  }

  /** Does the app run in this env (through the env's stage or env-only)? */
  runsIn(app: App, env: Environment): boolean {
    const r = this.reach.get(app)!;
    return r.stages.has(env.stage) || r.envs.has(env.name);
  }

  /** Does the app run anywhere in this stage? */
  runsInStage(app: App, stage: string): boolean {
    const r = this.reach.get(app)!;
    if (r.stages.has(stage)) return true;
    for (const e of r.envs) if (this.envsByStage.get(stage)?.some((x) => x.name === e)) return true;
    return false;
  }
}

interface Selection {
  readonly envs: Environment[];
  readonly apps: App[];
}

/**
 * The envs of a stage a filter keeps for one service, and the apps depending on
 * the service that run there. With an app filter, an env counts only when a
 * matching app runs in it.
 */
function select(ix: FleetIndex, service: string, stage: string, filter: MenuFilter): Selection {
  const dependents = ix.fleet.apps.filter((a) => a.dependsOn.includes(service));
  const wanted = blank(filter.app) ? undefined : dependents.filter((a) => contains(a.name, filter.app!));
  let envs = ix.envsByStage.get(stage) ?? [];
  if (!blank(filter.env)) envs = envs.filter((e) => contains(e.name, filter.env!));
  if (wanted) envs = envs.filter((e) => wanted.some((a) => ix.runsIn(a, e)));
  const pool = wanted ?? dependents;
  const apps =
    blank(filter.env) && !wanted
      ? pool.filter((a) => ix.runsInStage(a, stage))
      : pool.filter((a) => envs.some((e) => ix.runsIn(a, e)));
  return { envs, apps };
}

const narrowsUsage = (f: MenuFilter) => !blank(f.stage) || !blank(f.env) || !blank(f.app);

function matchesVersion(filter: MenuFilter, service: string, version: string): boolean {
  if (!blank(filter.service) && filter.service !== service) return false;
  if (!blank(filter.version) && filter.version !== version) return false;
  if (blank(filter.text)) return true;
  const t = filter.text.trim();
  return contains(service, t) || contains(version, t) || contains(`${service}@${version}`, t);
}

/**
 * The menu as counts: one row per component version with its lifecycle, its
 * addons and, per stage running it, how many envs (and of those, how many
 * override its addons) and apps. A stage, env or app filter keeps only the
 * versions running there and counts only the matching envs and apps; without
 * one, versions no stage runs are rows with no stages.
 */
export function menuOverview(fleet: Fleet, filter: MenuFilter = {}): MenuOverview {
  const ix = new FleetIndex(fleet);
  const rows: MenuOverviewRow[] = [];
  for (const svc of [...fleet.services].sort((a, b) => byteOrder(a.name, b.name))) {
    for (const v of [...svc.versions].sort((a, b) => bySemVer(a.version, b.version))) {
      if (!matchesVersion(filter, svc.name, v.version)) continue;
      const stages: MenuStageCount[] = [];
      const apps = new Set<string>();
      for (const stage of fleet.stages) {
        if (!blank(filter.stage) && stage.name !== filter.stage) continue;
        const c = stage.components.find((x) => x.service === svc.name && x.version === v.version);
        if (!c) continue;
        const sel = select(ix, svc.name, stage.name, filter);
        if ((!blank(filter.env) || !blank(filter.app)) && sel.envs.length === 0) continue;
        for (const a of sel.apps) apps.add(a.name);
        stages.push({
          stage: stage.name,
          addons: [...c.addons],
          environments: sel.envs.length,
          overridden: sel.envs.filter((e) => e.addonOverrides.some((o) => o.service === svc.name)).length,
          apps: sel.apps.length,
        });
      }
      if (narrowsUsage(filter) && stages.length === 0) continue;
      rows.push({
        service: svc.name,
        version: v.version,
        lifecycle: v.lifecycle,
        source: componentSource(v),
        ...(v.source === 'manifests' ? {} : { chart: { name: v.chart.name, version: v.chart.version } }),
        addons: v.addons.map((a) => a.name),
        stages,
        environments: stages.reduce((n, s) => n + s.environments, 0),
        apps: apps.size,
      });
    }
  }
  return {
    rows,
    stages: fleet.stages.map((s) => s.name),
    totals: {
      services: fleet.services.length,
      versions: fleet.services.reduce((n, s) => n + s.versions.length, 0),
      stages: fleet.stages.length,
      environments: fleet.environments.length,
      apps: fleet.apps.length,
    },
  };
}

/**
 * The envs running one component version (narrowed by stage, env or app like
 * menuOverview), one page at a time: stage promotion order, then env name.
 * An unknown service or version gives no envs (total 0).
 */
export function versionEnvironments(fleet: Fleet, query: VersionEnvironmentsQuery): VersionEnvironments {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(MAX_ENVIRONMENTS_PAGE, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
  const ix = new FleetIndex(fleet);
  const all: VersionEnvironment[] = [];
  for (const stage of fleet.stages) {
    if (!blank(query.stage) && stage.name !== query.stage) continue;
    const c = stage.components.find((x) => x.service === query.service && x.version === query.version);
    if (!c) continue;
    for (const env of select(ix, query.service, stage.name, query).envs) {
      all.push({
        env: env.name,
        stage: stage.name,
        addons: effectiveComponent(c, env).addons,
        overrides: env.addonOverrides.filter((o) => o.service === query.service),
      });
    }
  }
  return {
    service: query.service,
    version: query.version,
    total: all.length,
    offset,
    limit,
    items: all.slice(offset, offset + limit),
  };
}

/**
 * Stages × components: the version (and addons) each stage runs of each
 * component, and how many of the stage's envs override that component's addons.
 */
export function fleetOverview(fleet: Fleet): FleetOverview {
  const ix = new FleetIndex(fleet);
  const lifecycle = (service: string, version: string) =>
    fleet.services.find((s) => s.name === service)?.versions.find((v) => v.version === version)?.lifecycle;
  const components = [...fleet.services]
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((svc) => ({
      service: svc.name,
      cells: fleet.stages.map((stage): FleetCell => {
        const c = stage.components.find((x) => x.service === svc.name);
        if (!c) return { stage: stage.name, addons: [], differing: 0 };
        const envs = ix.envsByStage.get(stage.name) ?? [];
        const lc = lifecycle(svc.name, c.version);
        return {
          stage: stage.name,
          version: c.version,
          addons: [...c.addons],
          ...(lc ? { lifecycle: lc } : {}),
          differing: envs.filter((e) => e.addonOverrides.some((o) => o.service === svc.name)).length,
        };
      }),
    }));
  return {
    stages: fleet.stages.map((s) => ({
      name: s.name,
      ...(s.promotesFrom ? { promotesFrom: s.promotesFrom } : {}),
      environments: ix.envsByStage.get(s.name)?.length ?? 0,
    })),
    components,
    totals: { environments: fleet.environments.length, apps: fleet.apps.length },
  };
}
