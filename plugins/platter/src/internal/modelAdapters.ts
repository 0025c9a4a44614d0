import type { ComponentVersion, RuntimeService, Stage } from '@platter/model';
import type { RuntimeComponentFacts, StageFacts } from '@platter/plugin-platter-common';

/**
 * Shapes catalog facts into the model's types so the browser can call the
 * model's rules (checkAddonSelection, checkVersionAllowed) unchanged. Only data
 * moves here, never a rule: fields the rules do not read (namespace, chart,
 * requires, patch targets) get neutral values.
 */

type VersionFacts = RuntimeComponentFacts['versions'][number];

export function toComponentVersion(
  service: string,
  v: Pick<VersionFacts, 'version' | 'lifecycle'> &
    Partial<Pick<VersionFacts, 'description' | 'source' | 'chart' | 'addons' | 'dependsOn'>>,
): ComponentVersion {
  const common = {
    service,
    version: v.version,
    ...(v.description !== undefined ? { description: v.description } : {}),
    namespace: '',
    dependsOn: v.dependsOn ?? [],
    addons: (v.addons ?? []).map((a) => ({
      name: a.name,
      ...(a.description !== undefined ? { description: a.description } : {}),
      conflictsWith: a.conflictsWith,
      patchTargets: [],
    })),
    requires: { config: [], secrets: [] },
    lifecycle: v.lifecycle,
  };
  // The files of a plain-manifest version are not in the catalog: no rule the browser calls reads them.
  return v.source === 'manifests'
    ? { ...common, source: 'manifests', files: {} }
    : { ...common, chart: v.chart ?? { repository: '', name: '', version: '' } };
}

export function toRuntimeService(facts: RuntimeComponentFacts): RuntimeService {
  return { name: facts.name, versions: facts.versions.map((v) => toComponentVersion(facts.name, v)) };
}

export function toStage(facts: Pick<StageFacts, 'name' | 'allowPrerelease' | 'promotesFrom'>): Stage {
  return {
    name: facts.name,
    allowPrerelease: facts.allowPrerelease,
    ...(facts.promotesFrom !== undefined ? { promotesFrom: facts.promotesFrom } : {}),
    config: {},
    components: [],
  };
}

/**
 * The stage to ask checkVersionAllowed about when no stage is known (the menu,
 * a picker without a stage): it allows prereleases, so only lifecycle findings
 * (SunsetVersion, DeprecatedVersion) come back.
 */
export const lifecycleOnlyStage = (name = 'any'): Stage => toStage({ name, allowPrerelease: true });
