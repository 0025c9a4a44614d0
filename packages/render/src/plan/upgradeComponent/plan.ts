import {
  checkAddonSelection,
  checkVersion,
  compareVersions,
  isValidVersion,
  layout,
  requireComponentVersion,
  requireService,
  requireStage,
  type Environment,
} from '@platter/model';
import { assertValid, NOTHING, only } from '../menuSupport';
import { fail, loadFleet, rejectIfErrors } from '../support';
import type { Planner } from '../types';

/**
 * Plans UpgradeComponent: points one stage's `runtime-<svc>` at another version
 * directory (DESIGN §2, "Upgrading a component"), keeping its addon list (in
 * order) and its stage values. Every env of the stage follows; env addon overrides
 * stay as they are and must still fit the new version. An env that pins the
 * version (an upgrade campaign's canary) has caught up: its pin goes in the same
 * commit (pins of other versions stay).
 * Components only move forward: an older version is a Downgrade (release a new
 * version from the older one instead); there is no component Rollback.
 * Touches stages/<stage>/runtime/<svc>.yaml (+ envs/<env>/kustomization.yaml of envs whose pin goes).
 * Rejects UnknownStage, UnknownRuntimeService (not on the menu, or not run by the
 * stage: AddComponentToStage), UnknownComponentVersion, InvalidSemVer, Downgrade,
 * AddonIncompatible naming each selected addon the version lacks, AddonConflict;
 * and through the rules PrereleaseNotAllowed, SunsetVersion, UnknownDependency
 * (the version needs a service the stage does not run), MissingConfigKey, and an
 * env override that no longer fits (AddonIncompatible/UnknownAddon on the env).
 * A deprecated target plans with a DeprecatedVersion warning; a secret key the
 * new version requires is reported in `needsSecrets`.
 * Re-planning an applied request is empty.
 */
export const planUpgradeComponent: Planner<'UpgradeComponent'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const stage = requireStage(before, r.stage, 'stage');
  const service = requireService(before, r.service, 'service');
  const path = layout.stageRuntime(stage.name, r.service);
  const component = stage.components.find((c) => c.service === r.service);
  if (!component) {
    fail(
      'UnknownRuntimeService',
      `stage "${stage.name}" does not run ${r.service}: add it with AddComponentToStage`,
      layout.stageRuntimeDir(stage.name),
    );
  }
  assertValid(checkVersion(r.version, `${r.service} version`, 'version'));
  const target = requireComponentVersion(before, r.service, r.version, 'version');
  if (component.version === r.version) return { before, after: before, scope: NOTHING };
  if (isValidVersion(component.version) && compareVersions(r.version, component.version) < 0) {
    fail(
      'Downgrade',
      `stage "${stage.name}" runs ${r.service} ${component.version}; ${r.version} is older and components are not rolled back: release a new version from ${r.version} (ReleaseComponentVersion) and upgrade to that`,
      path,
    );
  }
  rejectIfErrors(checkAddonSelection(service, target, component.addons, `stage "${stage.name}"`, path));
  const caughtUp = (e: Environment) =>
    e.stage === stage.name && !!e.versionOverrides?.some((p) => p.service === r.service && p.version === r.version);
  const after = {
    ...before,
    stages: before.stages.map((s) =>
      s.name !== stage.name
        ? s
        : { ...s, components: s.components.map((c) => (c.service === r.service ? { ...c, version: r.version } : c)) },
    ),
    environments: before.environments.map((e) =>
      caughtUp(e) ? { ...e, versionOverrides: e.versionOverrides!.filter((p) => p.service !== r.service) } : e,
    ),
  };
  const envs = before.environments.filter(caughtUp).map((e) => e.name);
  return { before, after, scope: only({ stages: [stage.name], ...(envs.length ? { environments: envs } : {}) }) };
};
