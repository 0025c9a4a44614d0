import {
  checkAddonSelection,
  checkVersion,
  isPrerelease,
  known,
  layout,
  requireComponentVersion,
  requireService,
  requireStage,
  type StageComponent,
} from '@platter/model';
import { deepEqual } from '../../yaml';
import { newestAllowedVersion } from '../../queries/newestAllowedVersion';
import { assertValid, NOTHING, only } from '../menuSupport';
import { fail, loadFleet, rejectIfErrors } from '../support';
import type { Planner } from '../types';

/**
 * Plans AddComponentToStage: a stage starts running a runtime service, with an
 * ordered addon list and optional stage Helm values. Without a version it gets
 * the newest the stage allows (no prerelease unless allowed, none past its sunset,
 * preferring versions that are not deprecated).
 * Touches stages/<stage>/runtime/<svc>.yaml (new) and stages/<stage>/kustomization.yaml.
 * Rejects UnknownStage, UnknownRuntimeService, UnknownComponentVersion, InvalidSemVer,
 * DuplicateName (the stage already runs the service otherwise: use UpgradeComponent,
 * EnableAddon or DisableAddon), PrereleaseNotAllowed / SunsetVersion (no version
 * the stage allows), UnknownAddon, AddonIncompatible, AddonConflict; and through
 * the rules UnknownDependency (the version needs a service the stage does not
 * run: add that first), MissingConfigKey, PrereleaseNotAllowed, SunsetVersion.
 * Secret keys the service requires are reported in `needsSecrets`.
 * Re-planning an applied request is empty.
 */
export const planAddComponentToStage: Planner<'AddComponentToStage'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const stage = requireStage(before, r.stage, 'stage');
  const service = requireService(before, r.service, 'service');
  const path = layout.stageRuntime(stage.name, r.service);
  if (r.version !== undefined) assertValid(checkVersion(r.version, `${r.service} version`, 'version'));

  const existing = stage.components.find((c) => c.service === r.service);
  if (existing) {
    const same =
      (r.version === undefined || r.version === existing.version) &&
      existing.addons.join('\0') === r.addons.join('\0') &&
      deepEqual(existing.values ?? {}, r.values ?? {});
    if (same) return { before, after: before, scope: NOTHING };
    fail(
      'DuplicateName',
      `stage "${stage.name}" already runs ${r.service} ${existing.version} (addons: ${known(existing.addons)}): change it with UpgradeComponent, EnableAddon or DisableAddon`,
      path,
    );
  }

  const version =
    r.version !== undefined
      ? requireComponentVersion(before, r.service, r.version, 'version')
      : newestAllowedVersion(service, stage, ctx.now);
  if (!version) {
    const allPrerelease = service.versions.every((v) => isPrerelease(v.version));
    fail(
      allPrerelease && !stage.allowPrerelease ? 'PrereleaseNotAllowed' : 'SunsetVersion',
      `stage "${stage.name}" allows no version of ${r.service} (released: ${known(service.versions.map((v) => v.version))}): ${allPrerelease ? 'all are prereleases' : 'all are prereleases or past their sunset'}`,
      'version',
    );
  }
  rejectIfErrors(checkAddonSelection(service, version, r.addons, `stage "${stage.name}"`, path));

  const component: StageComponent = {
    service: r.service,
    version: version.version,
    addons: [...r.addons],
    ...(r.values && Object.keys(r.values).length ? { values: r.values } : {}),
  };
  const after = {
    ...before,
    stages: before.stages.map((s) => (s.name !== stage.name ? s : { ...s, components: [...s.components, component] })),
  };
  return { before, after, scope: only({ stages: [stage.name] }) };
};
