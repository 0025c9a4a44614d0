import {
  canonicalJson,
  comparePaths,
  findStage,
  layout,
  MemoryFileTree,
  normalizeFleet,
  type App,
  type Deployment,
  type FileChange,
  type FileTree,
  type Fleet,
} from '@platter/model';
import { applyFileEdit } from '../yaml/edit';
import { referenceAddedFiles } from './referenceAdded';
import { fileFieldChanges, type FileFieldChange } from './fieldDiff';
import type { RenderContext, RenderedFiles } from './context';
import { renderApp } from './renderApp';
import { renderEnvironment } from './renderEnvironment';
import { renderService } from './renderMenu';
import { renderSettings } from './renderSettings';
import { renderStage } from './renderStage';
import { renderTenant } from './renderTenant';
import { renderStageCloudClasses } from '../cloud/cloudClassesInstall';

/** Which entities to render; everything when left out. Planners pass only what a request affects. */
export interface RenderScope {
  readonly settings?: boolean;
  readonly services?: readonly string[];
  readonly stages?: readonly string[];
  readonly environments?: readonly string[];
  readonly tenants?: readonly string[];
  readonly apps?: readonly string[];
}

export interface RenderOptions {
  /**
   * The model the previous files were parsed from. Render deletes only what
   * `before` had and `fleet` no longer has: a full render never deletes a file,
   * so a directory the parser could not read is never lost.
   */
  readonly before?: Fleet;
  readonly scope?: RenderScope;
  /**
   * With `before`: told, per file the change modifies, the managed fields a person
   * edited that the change leaves as found (what Platter would write, what is there).
   */
  readonly onKept?: (path: string, fields: readonly FileFieldChange[]) => void;
}

/**
 * Renders the model onto the previous file tree: managed fields are written onto
 * the existing YAML documents (comments, unknown fields and unmanaged files
 * survive). Deterministic: the same model and files give the same bytes.
 */
export function render(
  fleet: Fleet,
  previous: FileTree = new MemoryFileTree(),
  options: RenderOptions = {},
): MemoryFileTree {
  return MemoryFileTree.from(previous).apply(renderChanges(fleet, previous, options));
}

/** The file changes `render` would make, sorted by path. */
export function renderChanges(
  fleet: Fleet,
  previous: FileTree = new MemoryFileTree(),
  options: RenderOptions = {},
): FileChange[] {
  const out: RenderedFiles = new Map();
  // Normalized once for both (a stage-wide plan's fleet of 1,000 envs takes milliseconds to sort).
  const normalized = normalizeFleet(fleet);
  const scope = withPinningEnvironments(options.scope, options.before, normalized);
  if (options.before) deleteRemoved(options.before, normalized, previous, out);
  renderInto(normalized, previous, scope, out, true);
  // A request's change (issue 14): what the model before it renders, onto the same files, is the base;
  // only where the model after renders something else does a file change (applyFileEdit).
  const base = options.before ? renderInto(options.before, previous, scope, new Map()) : undefined;

  const changes: FileChange[] = [];
  for (const path of [...out.keys()].sort(comparePaths)) {
    let after = out.get(path);
    const before = previous.read(path);
    if (after === null) {
      if (before !== undefined) changes.push({ path, op: 'delete', before });
      continue;
    }
    const was = base?.get(path);
    // A file the model before renders the same is not this change's, though the repository lacks it
    // (a repository adopt wrote, a file a person deleted): left out, like a hand edit it does not touch.
    if (before === undefined && typeof was === 'string' && was === after) continue;
    if (after !== undefined && before !== undefined && typeof was === 'string') {
      const desired = after;
      after = editOf(path, before, was, desired);
      if (options.onKept && after !== before && was !== desired) reportKept(path, before, was, after, options.onKept);
    }
    if (after !== undefined && after !== before) {
      changes.push(before === undefined ? { path, op: 'add', after } : { path, op: 'modify', before, after });
    }
  }
  return options.before ? referenceAddedFiles(changes, out, previous) : changes;
}

/**
 * A change's scope with the envs that pin a component a stage of theirs now runs
 * differently: an env's version pin carries what its version says differently
 * from the stage's component (overridePatches), so it is rendered again with the
 * stage, whichever request changed the component.
 */
function withPinningEnvironments(
  scope: RenderScope | undefined,
  before: Fleet | undefined,
  after: Fleet,
): RenderScope | undefined {
  if (!scope || !before) return scope;
  const changed = new Set<string>();
  for (const stage of after.stages) {
    const was = findStage(before, stage.name)?.components;
    for (const c of stage.components) {
      const old = was?.find((x) => x.service === c.service);
      if (old !== c && canonicalJson(old) !== canonicalJson(c)) changed.add(`${stage.name}\0${c.service}`);
    }
  }
  if (!changed.size) return scope;
  const pinning = after.environments
    .filter((e) => e.versionOverrides?.some((p) => changed.has(`${e.stage}\0${p.service}`)))
    .map((e) => e.name);
  if (pinning.every((e) => scope.environments?.includes(e))) return scope;
  return { ...scope, environments: [...new Set([...(scope.environments ?? []), ...pinning])] };
}

/**
 * The file a request writes: its own change (base -> desired) applied onto the file
 * as it is. Files generated whole from platter.yaml (CODEOWNERS, .sops.yaml) and
 * other non-YAML files are written as rendered when the request changes them.
 */
function editOf(path: string, current: string, base: string, desired: string): string {
  if (base === desired) return current;
  if (path === layout.sopsConfig || !/\.ya?ml$/.test(path)) return desired;
  return applyFileEdit(current, base, desired);
}

/** The managed fields of a file a person edited (it differs from `base` there) that the change leaves as found. */
function reportKept(
  path: string,
  current: string,
  base: string,
  after: string,
  onKept: NonNullable<RenderOptions['onKept']>,
): void {
  if (path === layout.sopsConfig || !/\.ya?ml$/.test(path)) return;
  try {
    const stillThere = new Set(fileFieldChanges(after, base).map((f) => f.field));
    const kept = fileFieldChanges(current, base).filter((f) => stillThere.has(f.field));
    if (kept.length) onKept(path, kept);
  } catch {
    // a file that does not parse is reported by the parse checks
  }
}

/**
 * Renders the entities of `fleet` a scope names (everything without one) onto `previous`, into `out`
 * (`normalized`: the model is normalizeFleet's already).
 */
function renderInto(
  model: Fleet,
  previous: FileTree,
  scope: RenderScope | undefined,
  out: RenderedFiles,
  normalized = false,
): RenderedFiles {
  // Canonical order first: the output must not depend on the order a model was built in.
  const ctx: RenderContext = { fleet: normalized ? model : normalizeFleet(model), previous };
  const fleet = ctx.fleet;
  // Without a scope everything renders; with one, only what it names (a key left out renders nothing).
  const pick = <T extends { name: string }>(items: readonly T[], names?: readonly string[]) =>
    !scope ? items : names ? items.filter((i) => names.includes(i.name)) : [];

  if (!scope || scope.settings) renderSettings(ctx, out);
  for (const s of pick(fleet.services, scope?.services)) renderService(ctx, s, out);
  for (const s of pick(fleet.stages, scope?.stages)) renderStage(ctx, s, out);
  for (const s of pick(fleet.stages, scope?.stages)) renderStageCloudClasses(ctx, s, out); // issue 21
  for (const e of pick(fleet.environments, scope?.environments)) renderEnvironment(ctx, e, out);
  for (const t of pick(fleet.tenants, scope?.tenants)) renderTenant(ctx, t, out);
  for (const a of pick(fleet.apps, scope?.apps)) renderApp(ctx, a, out);
  return out;
}

/** Marks for deletion every file of an entity (or part) `before` had and `after` does not. */
function deleteRemoved(before: Fleet, after: Fleet, previous: FileTree, out: RenderedFiles): void {
  const dropDir = (dir: string) => {
    for (const p of previous.list(dir)) out.set(p, null);
  };
  // By name, once per list: a plan on the 1,000-env fleet looked each env up in a scan of the others (10^6 steps).
  const byName = <T extends { name: string }>(items: readonly T[]) => {
    const out = new Map<string, T>();
    for (const i of items) if (!out.has(i.name)) out.set(i.name, i);
    return out;
  };
  const envs = byName(after.environments);
  const stages = byName(after.stages);
  const tenants = byName(after.tenants);
  const apps = byName(after.apps);
  const services = byName(after.services);
  const gone = <T extends { name: string }>(a: readonly T[], b: ReadonlyMap<string, T>) =>
    a.filter((x) => !b.has(x.name));

  for (const e of gone(before.environments, envs)) dropDir(layout.envDir(e.name));
  for (const s of gone(before.stages, stages)) dropDir(layout.stageDir(s.name));
  for (const t of gone(before.tenants, tenants)) dropDir(layout.tenantDir(t.name));
  for (const a of gone(before.apps, apps)) dropDir(layout.appDir(a.name));
  for (const s of gone(before.services, services)) dropDir(layout.serviceDir(s.name));

  for (const s of before.services) {
    const now = services.get(s.name);
    if (!now) continue;
    for (const v of s.versions)
      if (!now.versions.some((x) => x.version === v.version)) dropDir(layout.versionDir(s.name, v.version));
  }
  for (const st of before.stages) {
    const now = stages.get(st.name);
    if (!now) continue;
    for (const c of st.components)
      if (!now.components.some((x) => x.service === c.service)) out.set(layout.stageRuntime(st.name, c.service), null);
  }
  for (const e of before.environments) {
    const now = envs.get(e.name);
    if (!now) continue;
    for (const s of e.secrets)
      if (!now.secrets.some((x) => x.name === s.name)) out.set(layout.secretFile(e.name, s.name), null);
  }
  for (const t of before.tenants) {
    const now = tenants.get(t.name);
    if (!now) continue;
    for (const st of t.stages) if (!now.stages.includes(st)) dropDir(layout.tenantStageDir(t.name, st));
  }
  for (const app of before.apps) {
    const now = apps.get(app.name);
    if (!now) {
      for (const d of app.deployments) out.set(appKustomizationPath(app, d), null);
      continue;
    }
    for (const d of app.deployments) {
      const kept = now.deployments.some((x) => x.stage === d.stage && x.env === d.env);
      if (kept && now.tenant === app.tenant) continue;
      if (!kept) dropDir(layout.appOverlayDir(app.name, target(d)));
      out.set(appKustomizationPath(app, d), null);
    }
  }
  // Env-only tenant dirs left without apps.
  const [envOnlyBefore, envOnlyAfter] = [envOnlyEnvs(before.apps), envOnlyEnvs(after.apps)];
  for (const t of before.tenants) {
    const envsAfter = envOnlyAfter.get(t.name);
    for (const env of envOnlyBefore.get(t.name) ?? [])
      if (!envsAfter?.has(env)) dropDir(layout.tenantEnvDir(t.name, env));
  }
}

const target = (d: Deployment) => (d.stage !== undefined ? { stage: d.stage } : { env: d.env });
const appKustomizationPath = (app: App, d: Deployment) =>
  layout.tenantAppKustomization(app.tenant, target(d), app.name);
/** Each tenant's envs that its apps deploy to one by one (env-only), by tenant: one pass over the apps, not one per tenant. */
function envOnlyEnvs(apps: readonly App[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of apps)
    for (const d of a.deployments) {
      if (d.env === undefined) continue;
      let envs = out.get(a.tenant);
      if (!envs) out.set(a.tenant, (envs = new Set()));
      envs.add(d.env);
    }
  return out;
}
