import { PlatterError, requireEnvironment, requireStage, type Fleet } from '@platter/model';
import { locate, requireAddon } from '../enableAddon/plan';
import type { Planner } from '../types';
import { loadFleet, upsertByName } from '../support';

/**
 * Plans DisableAddon: removes an addon from a stage, or from one env as a JSON6902
 * `test` + `remove` override (so a later change of the stage's list makes a stale
 * override fail the build loudly). Env overrides the change makes redundant are
 * dropped with it. Touches stages/<stage>/runtime/<svc>.yaml or envs/<env>/kustomization.yaml.
 * Rejects UnknownRuntimeService, UnknownAddon, AddonIncompatible. Re-planning is empty.
 */
export const planDisableAddon: Planner<'DisableAddon'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const { stageName } = locate(before, r);
  const stage = requireStage(before, stageName);
  const component = stage.components.find((c) => c.service === r.service);
  if (!component) {
    throw new PlatterError('UnknownRuntimeService', `stage "${stage.name}" does not run ${r.service}`, `stages/${stage.name}/runtime`);
  }
  requireAddon(before, r.service, component.version, r.addon);
  if (r.stage !== undefined) {
    if (!component.addons.includes(r.addon)) return { before, after: before, scope: { stages: [] } };
    const after: Fleet = {
      ...before,
      stages: before.stages.map((s) =>
        s.name !== stage.name ? s : { ...s, components: s.components.map((c) => (c.service === r.service ? { ...c, addons: c.addons.filter((a) => a !== r.addon) } : c)) },
      ),
      environments: before.environments.map((e) =>
        e.stage !== stage.name ? e : { ...e, addonOverrides: e.addonOverrides.filter((o) => !(o.service === r.service && o.addon === r.addon && o.action === 'disable')) },
      ),
    };
    // Every env of the stage re-renders: a disable override elsewhere in the list shifts its index.
    const envs = before.environments.filter((e) => e.stage === stage.name && e.addonOverrides.some((o) => o.service === r.service)).map((e) => e.name);
    return { before, after, scope: { stages: [stage.name], environments: envs } };
  }
  const env = requireEnvironment(before, r.env!, 'env');
  const overrides = env.addonOverrides.filter((o) => !(o.service === r.service && o.addon === r.addon));
  const next = component.addons.includes(r.addon) ? [...overrides, { service: r.service, addon: r.addon, action: 'disable' as const }] : overrides;
  const after: Fleet = { ...before, environments: upsertByName(before.environments, env.name, (e) => e && { ...e, addonOverrides: next }) };
  return { before, after, scope: { environments: [env.name] } };
};
