import { checkVersion, findService, layout, versionUsage } from '@platter/model';
import { assertValid, NOTHING, withService } from '../menuSupport';
import { fail, loadFleet } from '../support';
import type { Planner } from '../types';

/**
 * Plans RemoveComponentVersion: deletes a version directory no stage runs (and so
 * no env: envs run what their stage runs). Removing a service's last version removes
 * the service from the menu, with everything under runtime/<svc>/.
 * Touches runtime/<svc>/<version>/** (or runtime/<svc>/**) only.
 * Rejects InvalidSemVer, ComponentVersionInUse naming the stages, their envs and the
 * apps that depend on the service there, and through the rules UnknownDependency
 * (another menu version depends on a service that leaves the menu).
 * A version that is not on the menu (already removed) gives an empty plan, so
 * re-planning an applied request is empty.
 */
export const planRemoveComponentVersion: Planner<'RemoveComponentVersion'> = (r, ctx) => {
  const before = loadFleet(ctx);
  assertValid(checkVersion(r.version, `${r.service} version`, 'version'));
  const service = findService(before, r.service);
  if (!service?.versions.some((v) => v.version === r.version)) return { before, after: before, scope: NOTHING };
  const usage = versionUsage(before, r.service, r.version);
  if (usage.stages.length) {
    const envs = usage.environments.length ? ` (envs ${usage.environments.join(', ')})` : '';
    const apps = usage.apps.length ? `; apps ${usage.apps.join(', ')} depend on ${r.service} there` : '';
    fail(
      'ComponentVersionInUse',
      `${r.service} ${r.version} is in use by stage${usage.stages.length > 1 ? 's' : ''} ${usage.stages.join(', ')}${envs}${apps}: upgrade them first (UpgradeComponent)`,
      layout.versionDir(r.service, r.version),
    );
  }
  const versions = service.versions.filter((v) => v.version !== r.version);
  const after = withService(before, service.name, versions.length ? { ...service, versions } : undefined);
  return { before, after, scope: NOTHING };
};
