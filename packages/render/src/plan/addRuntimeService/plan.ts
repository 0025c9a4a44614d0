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
import { manifestComponentFiles } from '../manifestComponent';
import { assertValid, contentDigest, digestOfFiles, only, NOTHING, withService } from '../menuSupport';
import { fail, loadFleet } from '../support';
import type { Planner } from '../types';

/**
 * Plans AddRuntimeService: a new service on the menu with its first version,
 * rendered from the model (`releaseFiles`: `_base` with Namespace, Helm source and
 * HelmRelease carrying the request's values, one Component per addon patching the
 * HelmRelease; or, for `manifests`, the request's plain manifests completed by
 * `manifestComponentFiles`) and sealed with its digest. No stage runs it yet (AddComponentToStage).
 * Touches runtime/<name>/<version>/** only. The namespace defaults to the name.
 * Rejects InvalidName/ReservedName (service or addon), InvalidSemVer, DuplicateName
 * (the service is already on the menu without this version: use
 * ReleaseComponentVersion), ComponentVersionExists (this version is released with
 * other content), and through the rules UnknownDependency, UnknownAddon
 * (conflictsWith), InvalidManifest (chart repository), ReservedNamespace; for
 * manifests InvalidManifest, PlaintextSecret, PathEscape, KustomizationUnderComponents
 * and MissingPatchTarget.
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

/**
 * The model of the first version. A chart: addons patch the service's HelmRelease,
 * so that is their declared target. Plain manifests: the files as the request
 * gives them (completed and checked by `manifestComponentFiles`), addons declared
 * with the objects their patches change.
 */
function firstVersion(r: RequestOf<'AddRuntimeService'>): ComponentVersion {
  const common = {
    service: r.name,
    version: r.version,
    ...(r.description !== undefined ? { description: r.description } : {}),
    namespace: r.namespace ?? r.name,
    dependsOn: [...r.dependsOn],
    requires: { config: [...r.requires.config], secrets: [...r.requires.secrets] },
    lifecycle: { status: 'stable' as const },
  };
  const addon = (a: RequestOf<'AddRuntimeService'>['addons'][number]) => ({
    name: a.name,
    ...(a.description !== undefined ? { description: a.description } : {}),
    conflictsWith: [...a.conflictsWith],
  });
  if (r.manifests !== undefined) {
    const { files, patchTargets } = manifestComponentFiles({
      service: r.name,
      namespace: common.namespace,
      secrets: r.requires.secrets,
      base: r.manifests,
      addons: r.addons.map((a) => ({ name: a.name, files: a.manifests ?? {} })),
      field: 'manifests',
      addonsField: 'addons',
    });
    return {
      ...common,
      source: 'manifests',
      files,
      addons: r.addons.map((a) => ({ ...addon(a), patchTargets: [...(patchTargets[a.name] ?? [])] })),
    };
  }
  // The request's check makes sure one of chart and manifests is there.
  const chart = r.chart!;
  return {
    ...common,
    chart: { repository: chart.repository, name: chart.name, version: chart.version },
    values: r.values,
    addons: r.addons.map((a) => ({
      ...addon(a),
      patchTargets: [{ kind: 'HelmRelease', name: r.name }],
      values: a.values,
    })),
  };
}
