import { PlatterError, requireEnvironment, requireStage, type AddonOverride, type Fleet } from '@platter/model';
import { locate, requireAddon } from '../enableAddon/plan';
import type { Planner } from '../types';
import { loadFleet, upsertByName, NOTHING } from '../support';

/**
 * Plans DisableAddon: removes an addon from a stage, or from one env as a JSON6902
 * `test` + `remove` override (so a later change of the stage's list makes a stale
 * override fail the build loudly). Env overrides the change makes redundant are
 * dropped with it, and every env of the stage that overrides the service is re-rendered
 * (its `test` index follows the stage list). Touches stages/<stage>/runtime/<svc>.yaml
 * (+ those envs' kustomization.yaml) or envs/<env>/kustomization.yaml.
 * Rejects UnknownStage / UnknownEnvironment, UnknownRuntimeService (the stage does not
 * run the service), and UnknownAddon / AddonIncompatible only when there is nothing to
 * take away: an addon the stage or env lists is always removable, even one its version
 * lacks (that is how a broken stage is repaired). Disabling what is not enabled, or
 * re-planning an applied request, is empty.
 */
export const planDisableAddon: Planner<'DisableAddon'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const { stageName } = locate(before, r);
  const stage = requireStage(before, stageName, r.stage !== undefined ? 'stage' : 'env');
  const component = stage.components.find((c) => c.service === r.service);
  if (!component) {
    throw new PlatterError(
      'UnknownRuntimeService',
      `stage "${stage.name}" does not run ${r.service}`,
      `stages/${stage.name}/runtime`,
    );
  }
  const mine = (o: AddonOverride) => o.service === r.service && o.addon === r.addon;
  const env = r.env !== undefined ? requireEnvironment(before, r.env, 'env') : undefined;
  // Something to take away is never refused: an addon the version lacks (a broken stage) can still be disabled.
  const listed = component.addons.includes(r.addon) || (env?.addonOverrides.some(mine) ?? false);
  if (!listed) requireAddon(before, r.service, component.version, r.addon);
  if (r.stage !== undefined) {
    if (!component.addons.includes(r.addon)) return { before, after: before, scope: NOTHING };
    const after: Fleet = {
      ...before,
      stages: before.stages.map((s) =>
        s.name !== stage.name
          ? s
          : {
              ...s,
              components: s.components.map((c) =>
                c.service === r.service ? { ...c, addons: c.addons.filter((a) => a !== r.addon) } : c,
              ),
            },
      ),
      environments: before.environments.map((e) =>
        e.stage !== stage.name
          ? e
          : {
              ...e,
              addonOverrides: e.addonOverrides.filter(
                (o) => !(o.service === r.service && o.addon === r.addon && o.action === 'disable'),
              ),
            },
      ),
    };
    // Every env of the stage re-renders: a disable override elsewhere in the list shifts its index.
    const envs = before.environments
      .filter((e) => e.stage === stage.name && e.addonOverrides.some((o) => o.service === r.service))
      .map((e) => e.name);
    return { before, after, scope: { ...NOTHING, stages: [stage.name], environments: envs } };
  }
  const stageHasIt = component.addons.includes(r.addon);
  // Already disabled by this env (or neither the stage nor an override enables it): nothing to do.
  if (
    stageHasIt ? env!.addonOverrides.some((o) => mine(o) && o.action === 'disable') : !env!.addonOverrides.some(mine)
  ) {
    return { before, after: before, scope: NOTHING };
  }
  const overrides = env!.addonOverrides.filter((o) => !mine(o));
  const next = stageHasIt
    ? [...overrides, { service: r.service, addon: r.addon, action: 'disable' as const }]
    : overrides;
  const after: Fleet = {
    ...before,
    environments: upsertByName(before.environments, env!.name, (e) => e && { ...e, addonOverrides: next }),
  };
  return { before, after, scope: { ...NOTHING, environments: [env!.name] } };
};
