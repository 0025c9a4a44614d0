import {
  deploymentStage,
  diagnostic,
  findComponentVersion,
  layout,
  requireService,
  requireStage,
  type Deployment,
  type Diagnostic,
  type Fleet,
} from '@platter/model';
import { NOTHING, only } from '../menuSupport';
import { loadFleet, rejectIfErrors } from '../support';
import type { Planner } from '../types';

/**
 * Plans RemoveComponentFromStage: a stage stops running a runtime service; the
 * envs of the stage drop their addon overrides and version pins of it (they would name a
 * Kustomization that no longer exists). Env secrets (`runtime-<svc>`) stay: they
 * are write-once files the platform team removes on purpose.
 * Flux then prunes the component's objects in every env of the stage (the
 * HelmRelease is uninstalled; the Namespace, rendered with `prune: disabled`, stays).
 * Touches stages/<stage>/runtime/<svc>.yaml (deleted), stages/<stage>/kustomization.yaml,
 * and envs/<env>/kustomization.yaml of each env of the stage that overrides the service.
 * Rejects UnknownStage, UnknownRuntimeService (not on the menu), and
 * UnknownDependency naming every runtime component of the stage and every app
 * deployed in the stage (or one of its envs) that depends on the service.
 * A stage that does not run the service gives an empty plan, so re-planning an
 * applied request is empty.
 */
export const planRemoveComponentFromStage: Planner<'RemoveComponentFromStage'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const stage = requireStage(before, r.stage, 'stage');
  requireService(before, r.service, 'service');
  if (!stage.components.some((c) => c.service === r.service)) return { before, after: before, scope: NOTHING };
  rejectIfErrors(dependents(before, stage.name, r.service));

  // The stage's envs' overrides of the component go with it: addon overrides and version pins (a canary).
  const ofService = (o: { service: string }) => o.service === r.service;
  const envs = before.environments
    .filter((e) => e.stage === stage.name && (e.addonOverrides.some(ofService) || e.versionOverrides?.some(ofService)))
    .map((e) => e.name);
  const after: Fleet = {
    ...before,
    stages: before.stages.map((s) =>
      s.name !== stage.name ? s : { ...s, components: s.components.filter((c) => c.service !== r.service) },
    ),
    environments: before.environments.map((e) => {
      if (!envs.includes(e.name)) return e;
      const { versionOverrides, ...rest } = e;
      const pins = versionOverrides?.filter((o) => !ofService(o)) ?? [];
      return {
        ...rest,
        addonOverrides: e.addonOverrides.filter((o) => !ofService(o)),
        ...(pins.length ? { versionOverrides: pins } : {}),
      };
    }),
  };
  return { before, after, scope: only({ stages: [stage.name], environments: envs }) };
};

/** What in the stage needs the service: its other runtime components, and apps deployed there. */
function dependents(fleet: Fleet, stageName: string, service: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stage = fleet.stages.find((s) => s.name === stageName)!;
  for (const c of stage.components) {
    if (c.service === service || !findComponentVersion(fleet, c.service, c.version)?.dependsOn.includes(service))
      continue;
    out.push(
      diagnostic(
        'UnknownDependency',
        `${c.service} ${c.version} in stage "${stageName}" depends on ${service}: remove ${c.service} from the stage first`,
        layout.stageRuntime(stageName, c.service),
      ),
    );
  }
  const where = (d: Deployment) => (d.stage !== undefined ? `stage "${d.stage}"` : `env "${d.env}"`);
  for (const app of fleet.apps) {
    if (!app.dependsOn.includes(service)) continue;
    for (const d of app.deployments.filter((x) => deploymentStage(fleet, x) === stageName)) {
      out.push(
        diagnostic(
          'UnknownDependency',
          `app "${app.name}" (${where(d)}) depends on ${service}: offboard it from there or drop the dependency first`,
          layout.appOverlayPin(app.name, d.stage !== undefined ? { stage: d.stage } : { env: d.env }),
        ),
      );
    }
  }
  return out;
}
