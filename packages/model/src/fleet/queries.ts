import { PlatterError, known } from '../errors';
import { compareVersions } from '../versions';
import type {
  App,
  ComponentSource,
  ComponentVersion,
  Deployment,
  Environment,
  Fleet,
  RuntimeService,
  Stage,
  StageComponent,
  Tenant,
} from './types';

/**
 * Look-ups over a Fleet. `findX` returns undefined; `requireX` throws the typed
 * Unknown* error naming what exists, for planners and the CLI.
 */
export const findStage = (f: Fleet, name: string): Stage | undefined => findNamed(f.stages, name);
export const findEnvironment = (f: Fleet, name: string): Environment | undefined => findNamed(f.environments, name);
export const findTenant = (f: Fleet, name: string): Tenant | undefined => findNamed(f.tenants, name);
export const findApp = (f: Fleet, name: string): App | undefined => findNamed(f.apps, name);
export const findService = (f: Fleet, name: string): RuntimeService | undefined => findNamed(f.services, name);

/** Lists this short are searched: an index would cost more than it saves. */
const SEARCHED = 16;
/** An index by name of each longer list a look-up met (with its length: a list still being built is indexed again). */
const BY_NAME = new WeakMap<readonly { readonly name: string }[], { length: number; index: Map<string, unknown> }>();

/**
 * The first item of `items` named `name`, as `find` gives it; a long list is
 * indexed once (kept while the list lives). A rule that looks up an env for
 * each of 300 apps searched 1,000 envs each time, and a reader looked up each
 * env's platter.yaml entry so (issue 17). The list must not change but by
 * growing (a list still being built is indexed again).
 */
export function findNamed<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  if (items.length < SEARCHED) return items.find((x) => x.name === name);
  let kept = BY_NAME.get(items);
  if (kept?.length !== items.length) {
    const index = new Map<string, unknown>();
    for (const item of items) if (!index.has(item.name)) index.set(item.name, item);
    BY_NAME.set(items, (kept = { length: items.length, index }));
  }
  return kept.index.get(name) as T | undefined;
}
export const findComponentVersion = (f: Fleet, service: string, version: string): ComponentVersion | undefined =>
  findService(f, service)?.versions.find((v) => v.version === version);

/** Where a version's objects come from: `helm` (the default when component.yaml names none) or `manifests`. */
export const componentSource = (v: ComponentVersion): ComponentSource => v.source ?? 'helm';

/** What a version installs, for lists: `chart ingress-nginx 4.12.0` or `manifests`. */
export const componentSourceText = (v: ComponentVersion): string =>
  v.source === 'manifests' ? 'manifests' : `chart ${v.chart.name} ${v.chart.version}`;

export function requireStage(f: Fleet, name: string, path?: string): Stage {
  const s = findStage(f, name);
  if (!s)
    throw new PlatterError(
      'UnknownStage',
      `stage "${name}" not found (known: ${known(f.stages.map((x) => x.name))})`,
      path,
    );
  return s;
}
export function requireEnvironment(f: Fleet, name: string, path?: string): Environment {
  const e = findEnvironment(f, name);
  if (!e)
    throw new PlatterError(
      'UnknownEnvironment',
      `environment "${name}" not found (known: ${known(f.environments.map((x) => x.name))})`,
      path,
    );
  return e;
}
export function requireTenant(f: Fleet, name: string, path?: string): Tenant {
  const t = findTenant(f, name);
  if (!t)
    throw new PlatterError(
      'UnknownTenant',
      `tenant "${name}" not found (known: ${known(f.tenants.map((x) => x.name))})`,
      path,
    );
  return t;
}
export function requireApp(f: Fleet, name: string, path?: string): App {
  const a = findApp(f, name);
  if (!a)
    throw new PlatterError('UnknownApp', `app "${name}" not found (known: ${known(f.apps.map((x) => x.name))})`, path);
  return a;
}
export function requireService(f: Fleet, name: string, path?: string): RuntimeService {
  const s = findService(f, name);
  if (!s)
    throw new PlatterError(
      'UnknownRuntimeService',
      `runtime service "${name}" is not on the menu (known: ${known(f.services.map((x) => x.name))})`,
      path,
    );
  return s;
}
export function requireComponentVersion(f: Fleet, service: string, version: string, path?: string): ComponentVersion {
  const svc = requireService(f, service, path);
  const v = svc.versions.find((x) => x.version === version);
  if (!v) {
    throw new PlatterError(
      'UnknownComponentVersion',
      `${service} has no version "${version}" (released: ${known(svc.versions.map((x) => x.version))})`,
      path,
    );
  }
  return v;
}

/** The newest released version of a service, if any. */
export const latestVersion = (svc: RuntimeService): ComponentVersion | undefined =>
  [...svc.versions].sort((a, b) => compareVersions(a.version, b.version)).at(-1);

/** A runtime component as one environment runs it: the stage's choice with the env's overrides applied. */
export interface EffectiveComponent {
  readonly service: string;
  /** The env's pinned version (versionOverrides) when it has one, else the stage's. */
  readonly version: string;
  readonly addons: readonly string[];
  /**
   * Addons the env adds or removes relative to its stage; `version`: the version the env pins instead
   * of the stage's (absent when it runs the stage's).
   */
  readonly overrides: {
    readonly enabled: readonly string[];
    readonly disabled: readonly string[];
    readonly version?: string;
  };
}

export function effectiveComponents(f: Fleet, env: Environment): EffectiveComponent[] {
  const stage = findStage(f, env.stage);
  if (!stage) return [];
  return stage.components.map((c) => effectiveComponent(c, env));
}

/** The version of a stage's component that an env pins instead of the stage's (versionOverrides), if any. */
const pinnedVersion = (c: StageComponent, env: Environment): string | undefined =>
  env.versionOverrides?.find((o) => o.service === c.service)?.version;

/** The version of a stage's component an env runs: its pin's, else the stage's (effectiveComponent's version, without its addons). */
export const runningVersion = (c: StageComponent, env: Environment): string => pinnedVersion(c, env) ?? c.version;

export function effectiveComponent(c: StageComponent, env: Environment): EffectiveComponent {
  const mine = env.addonOverrides.filter((o) => o.service === c.service);
  const disabled = mine.filter((o) => o.action === 'disable').map((o) => o.addon);
  const enabled = mine.filter((o) => o.action === 'enable').map((o) => o.addon);
  const addons = [...c.addons.filter((a) => !disabled.includes(a)), ...enabled.filter((a) => !c.addons.includes(a))];
  const pinned = pinnedVersion(c, env);
  return {
    service: c.service,
    version: pinned ?? c.version,
    addons,
    overrides: { enabled, disabled, ...(pinned !== undefined ? { version: pinned } : {}) },
  };
}

/** The stage an app deployment lands in (its own, or its env's). */
export const deploymentStage = (f: Fleet, d: Deployment): string | undefined =>
  d.stage !== undefined ? d.stage : findEnvironment(f, d.env)?.stage;

/** Environments a deployment reaches. */
export const deploymentEnvironments = (f: Fleet, d: Deployment): Environment[] =>
  d.stage !== undefined
    ? f.environments.filter((e) => e.stage === d.stage)
    : f.environments.filter((e) => e.name === d.env);

/** Envs of a stage, sorted by name. */
export const stageEnvironments = (f: Fleet, stage: string): Environment[] =>
  f.environments.filter((e) => e.stage === stage);

/** Tenants present in an env: onboarded into its stage, or with an env-only app there. */
export function tenantsInEnvironment(f: Fleet, env: Environment): Tenant[] {
  const envOnly = new Set(f.apps.filter((a) => a.deployments.some((d) => d.env === env.name)).map((a) => a.tenant));
  return f.tenants.filter((t) => t.stages.includes(env.stage) || envOnly.has(t.name));
}

/** Tenants whose only presence in the env is an env-only app (their base is included by the env). */
export function envOnlyTenants(f: Fleet, env: Environment): Tenant[] {
  return tenantsInEnvironment(f, env).filter((t) => !t.stages.includes(env.stage));
}

/** Apps with a deployment in this env (through its stage or env-only), with that deployment. */
export function appsInEnvironment(f: Fleet, env: Environment): { app: App; deployment: Deployment }[] {
  const out: { app: App; deployment: Deployment }[] = [];
  for (const app of f.apps) {
    const d = app.deployments.find((x) => x.env === env.name) ?? app.deployments.find((x) => x.stage === env.stage);
    if (d) out.push({ app, deployment: d });
  }
  return out;
}

/** Which stages and envs run a component version, and which apps depend on it there. */
export interface VersionUsage {
  readonly service: string;
  readonly version: string;
  readonly stages: string[];
  readonly environments: string[];
  readonly apps: string[];
}

export function versionUsage(f: Fleet, service: string, version: string): VersionUsage {
  const stages = f.stages
    .filter((s) => s.components.some((c) => c.service === service && c.version === version))
    .map((s) => s.name);
  const environments = f.environments.filter((e) => stages.includes(e.stage)).map((e) => e.name);
  const apps = f.apps
    .filter(
      (a) =>
        a.dependsOn.includes(service) &&
        a.deployments.some((d) => {
          const s = deploymentStage(f, d);
          return s !== undefined && stages.includes(s);
        }),
    )
    .map((a) => a.name);
  return { service, version, stages, environments, apps };
}

/** A secret key an env lacks for a runtime component its stage runs. */
export interface MissingSecret {
  readonly env: string;
  readonly service: string;
  /** The Secret that should hold the key (`runtime-<svc>` in flux-system). */
  readonly secret: string;
  readonly key: string;
}

/**
 * What the model rules of single envs read of a component version
 * (checkEnvironment, missingSecrets, and the addon and lifecycle checks they
 * share with stages): its identity, addons, requirements, lifecycle and
 * dependencies; not its files, chart, values, namespace or digest. Those rules
 * take versions as this type, so the compiler keeps the list true, and
 * incremental validation compares only these fields to decide whether a changed
 * version reaches the env rules of the envs that run it (an edit of a `_base`
 * file reaches their builds, not their rules).
 */
export const VERSION_RULE_FIELDS = ['service', 'version', 'addons', 'requires', 'lifecycle', 'dependsOn'] as const;
/** A component version as the env rules see it: its VERSION_RULE_FIELDS. */
export type VersionRuleFacts = Pick<ComponentVersion, (typeof VERSION_RULE_FIELDS)[number]>;

/** A version's fields that the env rules read (VERSION_RULE_FIELDS), for comparing two parses of it. */
export const versionRuleFacts = (v: ComponentVersion): VersionRuleFacts =>
  Object.fromEntries(VERSION_RULE_FIELDS.map((k) => [k, v[k]])) as unknown as VersionRuleFacts;

/**
 * Required secret keys (component.yaml `requires.secrets` of the version it runs, its pin's if any) an env does not
 * have. Once per model and env (a model is never changed once read): the env rule, the structure check and a plan's
 * SecretNeeded ask for each env a change reaches, hundreds for a change to a stage.
 */
export function missingSecrets(f: Fleet, env: Environment): readonly MissingSecret[] {
  let ofModel = MISSING_SECRETS.get(f);
  if (!ofModel) MISSING_SECRETS.set(f, (ofModel = new WeakMap()));
  let out = ofModel.get(env);
  if (!out) ofModel.set(env, (out = missingSecretsOf(f, env)));
  return out;
}
const MISSING_SECRETS = new WeakMap<Fleet, WeakMap<Environment, readonly MissingSecret[]>>();

function missingSecretsOf(f: Fleet, env: Environment): readonly MissingSecret[] {
  const out: MissingSecret[] = [];
  const stage = findStage(f, env.stage);
  for (const c of stage?.components ?? []) {
    // The version the env runs: a pin's requires are the ones that run here.
    const version: VersionRuleFacts | undefined = findComponentVersion(f, c.service, runningVersion(c, env));
    if (!version) continue;
    if (!version.requires.secrets.length) continue;
    const secret = `runtime-${c.service}`;
    const present = env.secrets.find((s) => s.name === secret && s.namespace === 'flux-system');
    for (const key of version.requires.secrets)
      if (!present?.keys.includes(key)) out.push({ env: env.name, service: c.service, secret, key });
  }
  return out;
}
