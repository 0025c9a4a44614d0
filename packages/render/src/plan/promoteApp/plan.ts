import {
  checkVersion,
  compareVersions,
  describeTarget,
  isValidVersion,
  known,
  layout,
  requireApp,
  requireAppAccess,
  requireEnvironment,
  requireStage,
  type App,
  type Deployment,
  type DeploymentTarget,
  type Fleet,
  type Target,
} from '@platter/model';
import type { Planner } from '../types';
import { fail, loadFleet, targetOf, NOTHING } from '../support';

/**
 * Plans PromoteApp: pins the `to` targets (stages or single envs) at the version
 * found at `from`, or at `version` when given (which then wins over `from`).
 * Without both, `from` is the stage the first target promotes from (`promotesFrom`
 * of the target stage, or of an env target's stage), as the request schema says;
 * one source serves all targets.
 *
 * Touches exactly the target's pin: apps/<app>/<stage|envs/env>/release.yaml for a
 * helm app, the overlay kustomization.yaml `images` tag for an image app. A target
 * the app is not deployed at yet is bound and pinned (the overlay, the app's Flux
 * Kustomization and its tenant dir's kustomization.yaml; for an env also
 * envs/<env>/kustomization.yaml and tenant-config.yaml). Stage values are not
 * promoted: a newly bound target starts with the app's base values.
 *
 * Rejects UnknownApp / UnknownStage / UnknownEnvironment, InvalidSemVer, InvalidRequest
 * when there is no source version (no `promotesFrom`, or the app is not deployed at
 * `from`), Downgrade for a version lower than a target's pin (use Rollback), and
 * through the rules PrereleaseNotAllowed, TenantNotInStage, DuplicateResourceId (a
 * stage binding next to an env-only deployment in one of its envs), UnknownDependency.
 * A target already at the version is left alone, so re-planning an applied request is empty.
 */
export const planPromoteApp: Planner<'PromoteApp'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireAppAccess(before, ctx.actor, r.app); // permission before validation (issue 22 item 8b)
  const app = requireApp(before, r.app, 'app');
  for (const t of r.to) requireTarget(before, t, 'to');
  if (r.from) requireTarget(before, r.from, 'from');
  const version = r.version ?? versionAt(app, r.from ?? defaultSource(before, r.to[0]!));
  requireVersion(version, r.version !== undefined ? 'version' : 'from');

  const deployments: Deployment[] = [...app.deployments];
  const bound: Target[] = [];
  for (const t of r.to) {
    const i = deployments.findIndex((d) => isAt(d, t));
    if (i < 0) {
      deployments.push(t.stage !== undefined ? { stage: t.stage, version } : { env: t.env, version });
      bound.push(t);
      continue;
    }
    const current = deployments[i]!;
    if (current.version === version) continue;
    if (isValidVersion(current.version) && compareVersions(version, current.version) < 0) {
      fail(
        'Downgrade',
        `app "${app.name}" runs ${current.version} at ${describeTarget(targetOf(t))}; ${version} is lower: use Rollback to pin an older version`,
        pinFile(app, targetOf(t)),
      );
    }
    deployments[i] = { ...current, version };
  }
  if (deployments.every((d, i) => d === app.deployments[i]) && !bound.length)
    return { before, after: before, scope: NOTHING };
  const after: Fleet = { ...before, apps: before.apps.map((a) => (a.name === app.name ? { ...a, deployments } : a)) };
  return {
    before,
    after,
    scope: {
      ...NOTHING,
      apps: [app.name],
      // Binding a new target writes the app's Flux Kustomization (tenant dir) and, for an env, wires the env.
      tenants: bound.length ? [app.tenant] : [],
      environments: bound.filter((t) => t.env !== undefined).map((t) => t.env!),
    },
  };
};

/** Renders nothing: a scope names every kind, since a missing one means "all". */

export const isAt = (d: Deployment, t: Target | DeploymentTarget): boolean =>
  t.stage !== undefined ? d.stage === t.stage : d.env === t.env;

export function requireTarget(fleet: Fleet, t: Target, path: string): void {
  if (t.stage !== undefined) requireStage(fleet, t.stage, path);
  else requireEnvironment(fleet, t.env, path);
}

/** The version is strict SemVer, checked before it is compared with a pin (InvalidSemVer). */
export function requireVersion(version: string, path: string): void {
  const d = checkVersion(version, 'version', path);
  if (d) fail(d.code, d.message, d.path);
}

/** The file holding an app's version pin at a target: the HelmRelease patch, or the overlay's `images`. */
export const pinFile = (app: App, t: DeploymentTarget): string =>
  app.source.type === 'helm' ? layout.appOverlayPin(app.name, t) : layout.appOverlayKustomization(app.name, t);

/** Where an app runs, for messages: `stage staging, env prod-eu`. */
export const deployedAt = (app: App): string => known(app.deployments.map((d) => describeTarget(targetOf(d))));

/** The stage a target's stage promotes from: the default source of a promotion. */
function defaultSource(fleet: Fleet, t: Target): Target {
  const stage = requireStage(fleet, t.stage ?? requireEnvironment(fleet, t.env!, 'to').stage, 'to');
  if (!stage.promotesFrom) {
    fail(
      'InvalidRequest',
      `stage "${stage.name}" promotes from no stage: give "from" or "version" to promote into ${describeTarget(targetOf(t))}`,
      'from',
    );
  }
  return { stage: stage.promotesFrom };
}

function versionAt(app: App, source: Target): string {
  const d = app.deployments.find((x) => isAt(x, source));
  if (!d) {
    fail(
      'InvalidRequest',
      `app "${app.name}" is not deployed at ${describeTarget(targetOf(source))} (it runs at: ${deployedAt(app)}): give "from" or "version"`,
      'from',
    );
  }
  return d.version;
}
