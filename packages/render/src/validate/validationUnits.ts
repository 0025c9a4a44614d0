import {
  checkEnvironments,
  layout,
  RULES,
  type Diagnostic,
  type FileTree,
  type Fleet,
  type Rule,
  type RuleOptions,
} from '@platter/model';
import type { RepositoryReader } from '../parse/reader';
import { renderChanges, type RenderScope } from '../render/render';
import { checkAppStructure, checkEnvironmentStructure, type Builder } from './checkStructure';
import { managedFieldFindings } from './checkManagedFields';
import { checkLifecycleSettings } from './checkLifecycleSettings';
import { checkManagedFiles } from './checkManagedFiles';
import { checkPromotionSettings } from './checkPromotionSettings';
import { checkTenantPaths } from './checkTenantPaths';
import { checkYamlFiles } from './checkYamlFiles';
import { checkCloudClasses } from '../cloud/checkCloudClasses';

/**
 * `validateRepository` cut into units, the granularity of incremental validation
 * (issue 17): every finding of a full validation comes from exactly these units,
 * each a function of the tree, the model and the walker.
 *
 * - `parse`: what parsing the model reported (a derived reader carries it over, so always reported);
 * - `shape`: NotPlatterShaped (cheap, always run);
 * - `env:<env>`: the env's structure (its build and every Flux Kustomization in it);
 * - `envRule:<env>`: the env's model rule (checkEnvironments of the env alone: it reads only the model,
 *   so a change that reaches the env's structure through its files alone leaves it as it was);
 * - `app:<app>`: the app's base build;
 * - `rules`: the model rules about everything but single envs (settings, menu, stages, tenants, apps);
 * - `tenantPaths`, `managedFiles`, `lifecycle`, `promotion`, `cloudClasses`: the checks of the same names;
 * - `fields:<owner>`: ManagedFieldEdited of the files under one entity's directory
 *   (`env:<e>`, `stage:<s>`, `service:<v>`, `tenant:<t>`, `app:<a>`; `settings` for the rest);
 * - `yaml:<path>`: the alias cap of one YAML file.
 */
export type UnitId = string;

/** What the units of one tree are computed from. */
export interface UnitContext {
  readonly tree: FileTree;
  readonly reader: RepositoryReader;
  readonly model: Fleet;
  /** The walker the structure checks build with (over a TrackedTree when their reads are recorded). */
  readonly walker: Builder;
  readonly options: RuleOptions;
}

/** Which units to compute: all of them, or the ids in the set. */
export type UnitSelection = 'all' | ReadonlySet<UnitId>;

export const unitOf = {
  env: (name: string): UnitId => `env:${name}`,
  envRule: (name: string): UnitId => `envRule:${name}`,
  app: (name: string): UnitId => `app:${name}`,
  fields: (owner: string): UnitId => `fields:${owner}`,
  yaml: (path: string): UnitId => `yaml:${path}`,
};

/**
 * The entity whose render writes a file (render writes an env's files under envs/<env>/,
 * a stage's under stages/<stage>/, ...; platter.yaml, CODEOWNERS and .sops.yaml are the settings').
 */
export function fieldsOwner(path: string): string {
  const parts = path.split('/');
  if (parts.length < 3) return 'settings';
  const name = parts[1]!;
  switch (parts[0]) {
    case layout.envsDir:
      return `env:${name}`;
    case layout.stagesDir:
      return `stage:${name}`;
    case layout.runtimeDir:
      return `service:${name}`;
    case layout.tenantsDir:
      return `tenant:${name}`;
    case layout.appsDir:
      return `app:${name}`;
    default:
      return 'settings';
  }
}

/** Every unit id of a tree and its model. */
export function allUnits(tree: FileTree, model: Fleet): UnitId[] {
  return [
    'parse',
    'shape',
    'rules',
    'tenantPaths',
    'managedFiles',
    'lifecycle',
    'promotion',
    'cloudClasses',
    'fields:settings',
    ...model.environments.flatMap((e) => [unitOf.env(e.name), unitOf.envRule(e.name), unitOf.fields(`env:${e.name}`)]),
    ...model.apps.flatMap((a) => [unitOf.app(a.name), unitOf.fields(`app:${a.name}`)]),
    ...model.stages.map((s) => unitOf.fields(`stage:${s.name}`)),
    ...model.services.map((s) => unitOf.fields(`service:${s.name}`)),
    ...model.tenants.map((t) => unitOf.fields(`tenant:${t.name}`)),
    ...tree
      .list('')
      .filter((p) => /\.ya?ml$/.test(p))
      .map(unitOf.yaml),
  ];
}

const MODEL_RULES_BUT_ENVS: readonly Rule[] = RULES.filter((r) => r !== (checkEnvironments as Rule));

/**
 * The findings of the selected units (a unit without findings may be absent).
 * `parse` and `shape` are left to the caller (they are about the reader and the
 * whole tree, see {@link finishFindings}).
 */
export function computeUnits(ctx: UnitContext, want: UnitSelection): Map<UnitId, Diagnostic[]> {
  const { tree, reader, model, walker } = ctx;
  const wants = (id: UnitId) => want === 'all' || want.has(id);
  const out = new Map<UnitId, Diagnostic[]>();
  const add = (id: UnitId, found: readonly Diagnostic[]) => {
    if (found.length) out.set(id, [...(out.get(id) ?? []), ...found]);
  };
  const now = ctx.options.now ?? new Date();

  if (wants('rules')) for (const rule of MODEL_RULES_BUT_ENVS) add('rules', rule(model, { now }));
  // checkEnvironments checks one env at a time (its duplicate-name check never fires on a parsed
  // model: the reader's env names are a set), so it runs per env, on a model holding just that env.
  for (const e of model.environments)
    if (wants(unitOf.envRule(e.name)))
      add(unitOf.envRule(e.name), (checkEnvironments as Rule)({ ...model, environments: [e] }, { now }));
  for (const e of model.environments)
    if (wants(unitOf.env(e.name))) add(unitOf.env(e.name), checkEnvironmentStructure(model, walker, e.name));
  for (const a of model.apps) if (wants(unitOf.app(a.name))) add(unitOf.app(a.name), checkAppStructure(walker, a.name));
  if (wants('tenantPaths')) add('tenantPaths', checkTenantPaths(model, tree, walker, reader.cache));
  if (wants('managedFiles')) add('managedFiles', checkManagedFiles(model, tree));
  if (wants('lifecycle')) add('lifecycle', checkLifecycleSettings(model, tree, reader.cache));
  if (wants('promotion')) add('promotion', checkPromotionSettings(model, tree, reader.cache));
  if (wants('cloudClasses')) add('cloudClasses', checkCloudClasses(tree, model));

  // Managed fields: one render of every entity whose files are wanted (a tenant with its apps:
  // renderTenant writes their bindings under tenants/<t>/), each finding to the owner of its file.
  const scope = fieldsScope(model, want);
  if (scope) {
    for (const d of managedFieldFindings(renderChanges(model, tree, scope === 'all' ? {} : { scope }))) {
      const id = unitOf.fields(fieldsOwner(d.path?.split('#')[0] ?? ''));
      if (wants(id)) add(id, [d]);
    }
  }

  const yaml = want === 'all' ? undefined : [...want].filter((id) => id.startsWith('yaml:')).map((id) => id.slice(5));
  for (const d of checkYamlFiles(tree, reader.cache, yaml)) add(unitOf.yaml(d.path ?? ''), [d]);
  return out;
}

/** The render scope covering the wanted `fields:` units (undefined: none; 'all': everything). */
function fieldsScope(model: Fleet, want: UnitSelection): RenderScope | 'all' | undefined {
  if (want === 'all') return 'all';
  const owners = [...want].filter((id) => id.startsWith('fields:')).map((id) => id.slice('fields:'.length));
  if (!owners.length) return undefined;
  const of = (kind: string) => owners.filter((o) => o.startsWith(`${kind}:`)).map((o) => o.slice(kind.length + 1));
  const tenants = of('tenant');
  return {
    settings: owners.includes('settings'),
    environments: of('env'),
    stages: of('stage'),
    services: of('service'),
    tenants,
    apps: [...new Set([...of('app'), ...model.apps.filter((a) => tenants.includes(a.tenant)).map((a) => a.name)])],
  };
}
