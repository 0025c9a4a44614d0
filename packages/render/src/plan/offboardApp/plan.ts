import {
  diagnostic,
  findApp,
  known,
  requireAppAccess,
  requireEnvironment,
  requireStage,
  type Deployment,
  type Fleet,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, NOTHING } from '../support';

/**
 * Plans OffboardApp: removes a tenant app from some targets (stages or single
 * envs), or entirely when no targets are given.
 *
 * Touches, per removed target: apps/<app>/<stage>/** or apps/<app>/envs/<env>/**,
 * the app's Flux Kustomization in tenants/<t>/<stage>/ or tenants/<t>/envs/<env>/
 * and that directory's kustomization.yaml (the whole env dir when it was the
 * tenant's last app there), and for an env-only deployment envs/<env>/kustomization.yaml
 * and envs/<env>/tenant-config.yaml when the tenant leaves the env. Offboarding
 * entirely also deletes apps/<app>/** and the app's CODEOWNERS line.
 *
 * Offboarding from targets keeps the app (its base and CODEOWNERS line) even when
 * no deployment is left, so it can be onboarded again into other targets with
 * OnboardApp; offboard without targets to remove it.
 *
 * Rejects UnknownStage / UnknownEnvironment (a target that does not exist), and,
 * through the review policy, Forbidden for a tenant offboarding another tenant's
 * app (a tenant offboarding its own stage deployments commits directly; env-only
 * ones touch envs/ and need platform review).
 *
 * Re-planning an applied request is empty: targets the app is not deployed at are
 * skipped, and an app that no longer exists gives an empty plan with an
 * UnknownApp *warning* (a typo is reported, a retry is not an error).
 */
export const planOffboardApp: Planner<'OffboardApp'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireAppAccess(before, ctx.actor, r.name, 'name'); // permission before validation (issue 22 item 8b)
  for (const t of r.targets ?? []) {
    if (t.stage !== undefined) requireStage(before, t.stage, 'targets');
    else requireEnvironment(before, t.env, 'targets');
  }
  const app = findApp(before, r.name);
  if (!app) {
    const warning = diagnostic(
      'AlreadyAbsent',
      `app "${r.name}" does not exist (known: ${known(before.apps.map((a) => a.name))}): nothing to offboard`,
      'name',
    );
    return { before, after: before, scope: NOTHING, diagnostics: [warning] };
  }

  const targeted = (d: Deployment) =>
    r.targets === undefined || r.targets.some((t) => (t.stage !== undefined ? d.stage === t.stage : d.env === t.env));
  const removed = app.deployments.filter(targeted);
  const envOnly = removed.filter((d) => d.env !== undefined).map((d) => d.env!);

  if (r.targets === undefined) {
    const after: Fleet = { ...before, apps: before.apps.filter((a) => a.name !== app.name) };
    // settings: CODEOWNERS loses the app's line. Render deletes apps/<app>/** and the app's Kustomizations.
    return { before, after, scope: { ...NOTHING, settings: true, tenants: [app.tenant], environments: envOnly } };
  }
  if (!removed.length) return { before, after: before, scope: NOTHING };
  const after: Fleet = {
    ...before,
    apps: before.apps.map((a) =>
      a.name !== app.name ? a : { ...a, deployments: a.deployments.filter((d) => !targeted(d)) },
    ),
  };
  return {
    before,
    after,
    scope: { ...NOTHING, apps: [app.name], tenants: [app.tenant], environments: envOnly },
  };
};

/** Renders nothing: a scope names every kind, since a missing one means "all". */
