import {
  compareVersions,
  describeTarget,
  isValidVersion,
  requireApp,
  requireAppAccess,
  type Fleet,
} from '@platter/model';
import { deployedAt, isAt, requireTarget, requireVersion } from '../promoteApp/plan';
import type { Planner } from '../types';
import { fail, loadFleet, targetOf, NOTHING } from '../support';

/**
 * Plans Rollback: pins an app at one target (a stage or a single env) to an older
 * version, explicitly: the one request allowed to go down (PromoteApp refuses that
 * with Downgrade). Planners see only the tree, not Git history, so any lower
 * version is accepted, not only one that ran there before.
 *
 * Touches exactly the target's pin: apps/<app>/<stage|envs/env>/release.yaml for a
 * helm app, the overlay kustomization.yaml `images` tag for an image app.
 *
 * Rejects UnknownApp / UnknownStage / UnknownEnvironment, InvalidSemVer,
 * InvalidRequest when the app is not deployed at the target (there is nothing to
 * roll back: OnboardApp or PromoteApp bind it) and when the version is *higher*
 * than the pin (use PromoteApp: there is no "Upgrade" code, and Downgrade would
 * name the wrong direction), and through the rules PrereleaseNotAllowed.
 * The version already pinned gives an empty plan, so re-planning an applied request is empty.
 */
export const planRollback: Planner<'Rollback'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireAppAccess(before, ctx.actor, r.app); // permission before validation (issue 22 item 8b)
  const app = requireApp(before, r.app, 'app');
  requireTarget(before, r.target, 'target');
  requireVersion(r.version, 'version');
  const where = describeTarget(targetOf(r.target));
  const current = app.deployments.find((d) => isAt(d, r.target));
  if (!current) {
    fail(
      'InvalidRequest',
      `app "${app.name}" is not deployed at ${where} (it runs at: ${deployedAt(app)}): nothing to roll back`,
      'target',
    );
  }
  if (current.version === r.version) return { before, after: before, scope: NOTHING };
  if (isValidVersion(current.version) && compareVersions(r.version, current.version) > 0) {
    fail(
      'InvalidRequest',
      `app "${app.name}" runs ${current.version} at ${where}; ${r.version} is higher: use PromoteApp to move forward`,
      'version',
    );
  }
  const after: Fleet = {
    ...before,
    apps: before.apps.map((a) =>
      a.name !== app.name
        ? a
        : { ...a, deployments: a.deployments.map((d) => (d === current ? { ...d, version: r.version } : d)) },
    ),
  };
  return { before, after, scope: { ...NOTHING, apps: [app.name] } };
};

/** Renders nothing: a scope names every kind, since a missing one means "all". */
