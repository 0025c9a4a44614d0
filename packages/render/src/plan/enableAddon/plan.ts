import {
  findStage,
  PlatterError,
  requireComponentVersion,
  requireEnvironment,
  requireStage,
  type AddonOverride,
  type Fleet,
  type RequestOf,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, upsertByName, NOTHING } from '../support';

/**
 * Plans EnableAddon: adds an addon to a stage (appended: components apply in
 * order), or to one env as a JSON6902 override on its stage's runtime Kustomization
 * (`add /spec/components/-`, so later stage changes still reach the env). Enabling
 * for a stage drops env enables of the same addon it makes redundant; enabling for
 * an env that disabled it drops that disable.
 * Touches stages/<stage>/runtime/<svc>.yaml (+ the kustomization.yaml of envs whose
 * override goes) or envs/<env>/kustomization.yaml; nothing else is rendered.
 * Rejects UnknownStage / UnknownEnvironment, UnknownRuntimeService (not in the stage),
 * Conflict (the request names the version it saw running and the stage runs another),
 * UnknownAddon, AddonIncompatible (only another version has it), and through the
 * rules AddonConflict (in the stage, or in an env whose overrides the change meets).
 * Already enabled, or re-planning an applied request, is empty.
 */
export const planEnableAddon: Planner<'EnableAddon'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const { stageName } = locate(before, r);
  const stage = requireStage(before, stageName, r.stage !== undefined ? 'stage' : 'env');
  const component = stage.components.find((c) => c.service === r.service);
  if (!component) {
    throw new PlatterError(
      'UnknownRuntimeService',
      `stage "${stage.name}" does not run ${r.service}: add it first (AddComponentToStage)`,
      `stages/${stage.name}/runtime`,
    );
  }
  if (r.version !== undefined && r.version !== component.version) {
    // The requester chose the addon for the version they saw running; it moved since (an upgrade landed).
    throw new PlatterError(
      'Conflict',
      `stage "${stage.name}" runs ${r.service} ${component.version}, not ${r.version}: the request was made for ${r.version}; look at the addons of ${component.version} and ask again`,
      `stages/${stage.name}/runtime/${r.service}.yaml`,
    );
  }
  requireAddon(before, r.service, component.version, r.addon);
  if (r.stage !== undefined) {
    if (component.addons.includes(r.addon)) return { before, after: before, scope: NOTHING };
    const after: Fleet = {
      ...before,
      stages: before.stages.map((s) =>
        s.name !== stage.name
          ? s
          : {
              ...s,
              components: s.components.map((c) =>
                c.service === r.service ? { ...c, addons: [...c.addons, r.addon] } : c,
              ),
            },
      ),
      // An env that enabled it on its own no longer needs to: its override would be stale.
      environments: before.environments.map((e) =>
        e.stage !== stage.name
          ? e
          : {
              ...e,
              addonOverrides: e.addonOverrides.filter(
                (o) => !(o.service === r.service && o.addon === r.addon && o.action === 'enable'),
              ),
            },
      ),
    };
    const touchedEnvs = before.environments
      .filter(
        (e) => e.stage === stage.name && e.addonOverrides.some((o) => o.service === r.service && o.addon === r.addon),
      )
      .map((e) => e.name);
    return { before, after, scope: { ...NOTHING, stages: [stage.name], environments: touchedEnvs } };
  }
  const env = requireEnvironment(before, r.env!, 'env');
  const mine = (o: AddonOverride) => o.service === r.service && o.addon === r.addon;
  const stageHasIt = component.addons.includes(r.addon);
  // Already enabled, by the stage (and no override to drop) or by this env: nothing to render.
  if (stageHasIt ? !env.addonOverrides.some(mine) : env.addonOverrides.some((o) => mine(o) && o.action === 'enable')) {
    return { before, after: before, scope: NOTHING };
  }
  const overrides = env.addonOverrides.filter((o) => !mine(o));
  const next = stageHasIt
    ? overrides
    : [...overrides, { service: r.service, addon: r.addon, action: 'enable' as const }];
  const after: Fleet = {
    ...before,
    environments: upsertByName(before.environments, env.name, (e) => e && { ...e, addonOverrides: next }),
  };
  return { before, after, scope: { ...NOTHING, environments: [env.name] } };
};

/**
 * Renders nothing. A scope must name every kind: one left out means "render all",
 * which would rewrite any hand-drifted file of the repository into an addon plan.
 */

/** Which stage a stage-or-env addon request is about. */
export function locate(fleet: Fleet, r: Pick<RequestOf<'EnableAddon'>, 'stage' | 'env'>): { stageName: string } {
  if (r.stage !== undefined) return { stageName: r.stage };
  const env = requireEnvironment(fleet, r.env!, 'env');
  if (!findStage(fleet, env.stage))
    throw new PlatterError(
      'UnknownStage',
      `environment "${env.name}" belongs to unknown stage "${env.stage}"`,
      `envs/${env.name}`,
    );
  return { stageName: env.stage };
}

/** The addon must exist in the version the stage runs (AddonIncompatible when only other versions have it). */
export function requireAddon(fleet: Fleet, service: string, version: string, addon: string): void {
  const v = requireComponentVersion(fleet, service, version);
  if (v.addons.some((a) => a.name === addon)) return;
  const svc = fleet.services.find((s) => s.name === service)!;
  const elsewhere = svc.versions.filter((x) => x.addons.some((a) => a.name === addon)).map((x) => x.version);
  if (elsewhere.length) {
    throw new PlatterError(
      'AddonIncompatible',
      `addon "${addon}" is not available in ${service} ${version} (only in ${elsewhere.join(', ')})`,
      'addon',
    );
  }
  throw new PlatterError(
    'UnknownAddon',
    `${service} ${version} has no addon "${addon}" (it offers: ${v.addons.map((a) => a.name).join(', ') || 'none'})`,
    'addon',
  );
}
