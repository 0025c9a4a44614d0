import { byteOrder } from '../fileTree/byteOrder';
import { compareVersions, isValidVersion } from '../versions';
import type { App, Deployment, Environment, Fleet, RuntimeService, Stage, Tenant } from './types';

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const cmp = byteOrder;
const versionOrder = (a: string, b: string) =>
  isValidVersion(a) && isValidVersion(b) ? compareVersions(a, b) : cmp(a, b);
const sortedRecord = (r: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));

/**
 * The canonical form of each entity, by the entity it was made from (and, for
 * tenants and apps, whose order of stages and deployments follows the stages',
 * the stage order). Entities are immutable and each one's canonical form reads
 * only the entity (and that order), so an entity met again, as a plan on a
 * parsed commit meets every entity it did not change, is not copied again
 * (issue 17: a plan normalized its 1,000 envs twice). A canonical entity is
 * its own canonical form.
 */
const CANONICAL = new WeakMap<object, { readonly order: string; readonly value: object }>();

function canonical<T extends object>(entity: T, order: string, make: (e: T) => T): T {
  const kept = CANONICAL.get(entity);
  if (kept?.order === order) return kept.value as T;
  const value = make(entity);
  CANONICAL.set(entity, { order, value });
  CANONICAL.set(value, { order, value });
  return value;
}

/**
 * The canonical form of a fleet: sets sorted (environments, tenants, apps,
 * services, versions by SemVer, namespaces, config keys, stage components by
 * service), sequences whose order means something kept (stages, addons,
 * `conflictsWith`, owners). Render and parse both go through it, so the output
 * does not depend on the order a model was built in.
 */
export function normalizeFleet(f: Fleet): Fleet {
  const stageIndex = new Map(f.stages.map((s, i) => [s.name, i]));
  const stageOrder = (a: string, b: string) => (stageIndex.get(a) ?? 1e9) - (stageIndex.get(b) ?? 1e9) || cmp(a, b);
  const deploymentOrder = (a: Deployment, b: Deployment) => {
    if (a.stage !== undefined && b.stage !== undefined) return stageOrder(a.stage, b.stage);
    if (a.stage !== undefined) return -1;
    if (b.stage !== undefined) return 1;
    return cmp(a.env!, b.env!);
  };
  // What the order of a tenant's stages and an app's deployments reads: the stages' names in order.
  const stages = f.stages.map((s) => s.name).join('\0');
  return {
    settings: { ...f.settings, tenantConfigKeys: [...new Set(f.settings.tenantConfigKeys)].sort(cmp) },
    stages: f.stages.map((stage) =>
      canonical(stage, '', (s): Stage => ({
        ...s,
        config: sortedRecord(s.config),
        components: [...s.components].sort((a, b) => cmp(a.service, b.service)),
      })),
    ),
    environments: f.environments
      .map((env) =>
        canonical(env, '', (e): Environment => ({
          ...e,
          config: sortedRecord(e.config),
          secrets: [...e.secrets].sort(byName).map((s) => ({ ...s, keys: [...s.keys].sort(cmp) })),
          // By service only (a stable sort): enabled addons are appended in the order given, and order means something.
          addonOverrides: [...e.addonOverrides].sort((a, b) => cmp(a.service, b.service)),
          // Absent when empty: a parsed env without a pin equals one built in code.
          versionOverrides: e.versionOverrides?.length
            ? [...e.versionOverrides].sort((a, b) => cmp(a.service, b.service))
            : undefined,
        })),
      )
      .sort(byName),
    services: f.services
      .map((service) =>
        canonical(service, '', (s): RuntimeService => ({
          ...s,
          versions: [...s.versions].sort((a, b) => versionOrder(a.version, b.version)),
        })),
      )
      .sort(byName),
    tenants: f.tenants
      .map((tenant) =>
        canonical(tenant, stages, (t): Tenant => ({
          ...t,
          namespaces: [...new Set(t.namespaces)].sort(cmp),
          stages: [...new Set(t.stages)].sort(stageOrder),
        })),
      )
      .sort(byName),
    apps: f.apps
      .map((app) =>
        canonical(app, stages, (a): App => ({
          ...a,
          dependsOn: [...new Set(a.dependsOn)].sort(cmp),
          deployments: [...a.deployments].sort(deploymentOrder),
        })),
      )
      .sort(byName),
  };
}

/** A fleet without parse locations and facts: what two fleets are compared on. */
export function stripOrigins<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripOrigins) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'origin' || k === 'facts' || v === undefined) continue;
      out[k] = stripOrigins(v);
    }
    return out as T;
  }
  return value;
}
