import {
  checkName,
  checkVersion,
  findService,
  known,
  layout,
  type ComponentVersion,
  type RequestOf,
} from '@platter/model';
import { releaseFiles } from '../../render/renderMenu';
import { assertValid, contentDigest, digestOfFiles, only, NOTHING, withService } from '../menuSupport';
import { fail, loadFleet } from '../support';
import type { Planner } from '../types';

/**
 * Plans AddRuntimeService: a new service on the menu with its first version,
 * rendered from the model (`releaseFiles`: `_base` with Namespace, Helm source and
 * HelmRelease carrying the request's values, one Component per addon patching the
 * HelmRelease) and sealed with its digest. No stage runs it yet (AddComponentToStage).
 * Touches runtime/<name>/<version>/** only. The namespace defaults to the name.
 * Rejects InvalidName/ReservedName (service or addon), InvalidSemVer, DuplicateName
 * (the service is already on the menu without this version: use
 * ReleaseComponentVersion), ComponentVersionExists (this version is released with
 * other content), and through the rules UnknownDependency, UnknownAddon
 * (conflictsWith), InvalidManifest (chart repository), ReservedNamespace.
 * Re-planning an applied request is empty: the same content hashes to the released digest.
 */
export const planAddRuntimeService: Planner<'AddRuntimeService'> = (r, ctx) => {
  const before = loadFleet(ctx);
  assertValid(checkName('runtime service', r.name, 'name'));
  assertValid(checkVersion(r.version, `${r.name} version`, 'version'));
  for (const a of r.addons) assertValid(checkName('addon', a.name, 'addons'));

  const version = firstVersion(r);
  const existing = findService(before, r.name);
  if (existing) {
    const same = existing.versions.find((v) => v.version === r.version);
    if (!same) {
      fail(
        'DuplicateName',
        `runtime service "${r.name}" is already on the menu (released: ${known(existing.versions.map((v) => v.version))}): release a new version with ReleaseComponentVersion`,
        layout.serviceDir(r.name),
      );
    }
    if (contentDigest(same) === digestOfFiles(releaseFiles(version), r.name, r.version))
      return { before, after: before, scope: NOTHING };
    fail(
      'ComponentVersionExists',
      `${r.name} ${r.version} is already released with other content; released versions are immutable: release a new version with ReleaseComponentVersion`,
      layout.versionDir(r.name, r.version),
    );
  }
  const after = withService(before, r.name, { name: r.name, versions: [version] });
  return { before, after, scope: only({ services: [r.name] }) };
};

/** The model of the first version: addons patch the service's HelmRelease, so that is their declared target. */
function firstVersion(r: RequestOf<'AddRuntimeService'>): ComponentVersion {
  return {
    service: r.name,
    version: r.version,
    ...(r.description !== undefined ? { description: r.description } : {}),
    namespace: r.namespace ?? r.name,
    chart: { ...r.chart },
    values: r.values,
    dependsOn: [...r.dependsOn],
    addons: r.addons.map((a) => ({
      name: a.name,
      ...(a.description !== undefined ? { description: a.description } : {}),
      conflictsWith: [...a.conflictsWith],
      patchTargets: [{ kind: 'HelmRelease', name: r.name }],
      values: a.values,
    })),
    requires: { config: [...r.requires.config], secrets: [...r.requires.secrets] },
    lifecycle: { status: 'stable' },
  };
}
