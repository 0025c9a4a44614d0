import { findStage, PlatterError, requireComponentVersion, requireEnvironment, requireStage, type Fleet, type RequestOf } from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, upsertByName } from '../support';

/**
 * Plans EnableAddon: adds an addon to a stage (appended: components apply in
 * order), or to one env as a JSON6902 override on its stage's runtime Kustomization.
 * Touches stages/<stage>/runtime/<svc>.yaml or envs/<env>/kustomization.yaml.
 * Rejects UnknownRuntimeService (not in the stage), UnknownAddon, AddonIncompatible,
 * and through the rules AddonConflict. Re-planning an applied request is empty.
 */
export const planEnableAddon: Planner<'EnableAddon'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const { stageName } = locate(before, r);
  const stage = requireStage(before, stageName);
  const component = stage.components.find((c) => c.service === r.service);
  if (!component) {
    throw new PlatterError('UnknownRuntimeService', `stage "${stage.name}" does not run ${r.service}: add it first (AddComponentToStage)`, `stages/${stage.name}/runtime`);
  }
  requireAddon(before, r.service, component.version, r.addon);
  if (r.stage !== undefined) {
    if (component.addons.includes(r.addon)) return { before, after: before, scope: { stages: [] } };
    const after: Fleet = {
      ...before,
      stages: before.stages.map((s) =>
        s.name !== stage.name ? s : { ...s, components: s.components.map((c) => (c.service === r.service ? { ...c, addons: [...c.addons, r.addon] } : c)) },
      ),
      // An env that enabled it on its own no longer needs to: its override would be stale.
      environments: before.environments.map((e) =>
        e.stage !== stage.name ? e : { ...e, addonOverrides: e.addonOverrides.filter((o) => !(o.service === r.service && o.addon === r.addon && o.action === 'enable')) },
      ),
    };
    const touchedEnvs = before.environments.filter((e) => e.stage === stage.name && e.addonOverrides.some((o) => o.service === r.service && o.addon === r.addon)).map((e) => e.name);
    return { before, after, scope: { stages: [stage.name], environments: touchedEnvs } };
  }
  const env = requireEnvironment(before, r.env!, 'env');
  const overrides = env.addonOverrides.filter((o) => !(o.service === r.service && o.addon === r.addon));
  const stageHasIt = component.addons.includes(r.addon);
  const next = stageHasIt ? overrides : [...overrides, { service: r.service, addon: r.addon, action: 'enable' as const }];
  const after: Fleet = { ...before, environments: upsertByName(before.environments, env.name, (e) => e && { ...e, addonOverrides: next }) };
  return { before, after, scope: { environments: [env.name] } };
};

/** Which stage a stage-or-env addon request is about. */
export function locate(fleet: Fleet, r: Pick<RequestOf<'EnableAddon'>, 'stage' | 'env'>): { stageName: string } {
  if (r.stage !== undefined) return { stageName: r.stage };
  const env = requireEnvironment(fleet, r.env!, 'env');
  if (!findStage(fleet, env.stage)) throw new PlatterError('UnknownStage', `environment "${env.name}" belongs to unknown stage "${env.stage}"`, `envs/${env.name}`);
  return { stageName: env.stage };
}

/** The addon must exist in the version the stage runs (AddonIncompatible when only other versions have it). */
export function requireAddon(fleet: Fleet, service: string, version: string, addon: string): void {
  const v = requireComponentVersion(fleet, service, version);
  if (v.addons.some((a) => a.name === addon)) return;
  const svc = fleet.services.find((s) => s.name === service)!;
  const elsewhere = svc.versions.filter((x) => x.addons.some((a) => a.name === addon)).map((x) => x.version);
  if (elsewhere.length) {
    throw new PlatterError('AddonIncompatible', `addon "${addon}" is not available in ${service} ${version} (only in ${elsewhere.join(', ')})`, 'addon');
  }
  throw new PlatterError('UnknownAddon', `${service} ${version} has no addon "${addon}" (it offers: ${v.addons.map((a) => a.name).join(', ') || 'none'})`, 'addon');
}
