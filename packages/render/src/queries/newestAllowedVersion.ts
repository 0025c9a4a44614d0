import {
  compareVersions,
  isoDate,
  isPrerelease,
  isValidVersion,
  type ComponentVersion,
  type RuntimeService,
  type Stage,
} from '@platter/model';

/**
 * The version of a service a stage gets when none is named (AddComponentToStage):
 * the newest the stage allows — no prerelease unless the stage allows them, none
 * past its sunset on `now` — preferring versions that are not deprecated. Undefined
 * when the stage allows none.
 */
export function newestAllowedVersion(
  service: RuntimeService,
  stage: Stage,
  now: Date = new Date(),
): ComponentVersion | undefined {
  const today = isoDate(now);
  const allowed = service.versions
    .filter((v) => isValidVersion(v.version))
    .filter((v) => stage.allowPrerelease || !isPrerelease(v.version))
    .filter((v) => v.lifecycle.sunset === undefined || today <= v.lifecycle.sunset)
    .sort((a, b) => compareVersions(a.version, b.version));
  const stable = allowed.filter((v) => v.lifecycle.status !== 'deprecated');
  return stable.at(-1) ?? allowed.at(-1);
}
