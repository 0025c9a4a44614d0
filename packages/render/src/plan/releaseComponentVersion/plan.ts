import {
  checkName,
  checkVersion,
  compareVersions,
  computeComponentDigest,
  known,
  latestVersion,
  layout,
  requireComponentVersion,
  requireService,
  byteOrder,
  type Addon,
  type ComponentVersion,
  type HelmComponentVersion,
  type ManifestComponentVersion,
  type FileTree,
  type RequestOf,
  type RuntimeService,
} from '@platter/model';
import semver from 'semver';
import { releaseFiles, metadataForDigest } from '../../render/renderMenu';
import { byName, exact, mergeDocument, parseDocuments, parseYamlValues, stringifyDocuments } from '../../yaml';
import {
  asChanges,
  assertValid,
  contentDigest,
  digestOfFiles,
  NOTHING,
  rendersFromModel,
  unsealed,
  withService,
} from '../menuSupport';
import { fail, loadFleet } from '../support';
import type { Planner } from '../types';
import { manifestComponentFiles } from '../manifestComponent';

type Request = RequestOf<'ReleaseComponentVersion'>;

/**
 * Plans ReleaseComponentVersion: a new, write-once version directory made from
 * an existing (`from`) version with a new chart version, description, base
 * values and added/removed addons. Dependencies, namespace and requirements carry over;
 * the new version is stable (a deprecation of `from` does not carry over).
 *
 * - `from` rendered by Platter (its files are exactly what `releaseFiles` makes of
 *   its model): the new version is rendered from a model copy with the changes.
 * - `from` hand-written or hand-extended (no base values in its model, or files
 *   Platter would not render): its files are copied verbatim; only the HelmRelease
 *   in `_base/release.yaml` changes (chart version, and base values if asked),
 *   removed addons' directories are left out, added addons get Platter's
 *   Component, and component.yaml is `from`'s document (comments and unknown fields
 *   kept) with the new version, chart, addons and a fresh digest.
 *
 * - `from` of plain manifests: the new version is `from`'s files with `_base`
 *   replaced by the request's `manifests` (when given), removed addons left out
 *   and added addons' manifests checked and added (`manifestComponentFiles`);
 *   `chartVersion` and `values` are refused (InvalidRequest).
 *
 * Releasing below the newest version is allowed only as a patch release of an
 * older line: 1.0.1 when 1.0.0 and 1.1.0 exist (newer than every 1.0.x), never
 * 0.9.0 (no such line) or 1.0.0-rc.1 (older than 1.0.0).
 *
 * Touches runtime/<svc>/<version>/** only (no sibling version is re-rendered).
 * Rejects UnknownRuntimeService, UnknownComponentVersion (from), InvalidSemVer,
 * ComponentVersionExists (released with other content), Downgrade, UnknownAddon
 * (removing an addon `from` lacks), DuplicateName (adding an addon it has: remove
 * and add it to replace it), InvalidName, InvalidRequest (a hand-written `_base`
 * whose chart version Platter cannot find), and through the rules
 * MissingPatchTarget, UnknownAddon (conflictsWith), InvalidSemVer (chart version).
 * Re-planning an applied request is empty: the same content hashes to the released digest.
 */
export const planReleaseComponentVersion: Planner<'ReleaseComponentVersion'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const tree = ctx.reader.tree;
  const service = requireService(before, r.service, 'service');
  assertValid(checkVersion(r.version, `${r.service} version`, 'version'));
  const from = requireComponentVersion(before, r.service, r.from, 'from');
  checkAddonChanges(from, r);

  const version = releasedVersion(from, r);
  // A plain-manifest version always renders from its model (which holds its files).
  const files =
    rendersFromModel(tree, from) || from.source === 'manifests' || version.source === 'manifests'
      ? releaseFiles(version)
      : copiedFiles(tree, from, version, r);
  const existing = service.versions.find((v) => v.version === r.version);
  if (existing) {
    if (contentDigest(existing) === digestOfFiles(files, r.service, r.version))
      return { before, after: before, scope: NOTHING };
    fail(
      'ComponentVersionExists',
      `${r.service} ${r.version} is already released with other content; released versions are immutable: choose a new version`,
      layout.versionDir(r.service, r.version),
    );
  }
  checkReleaseOrder(service, r.version);
  const after = withService(before, service.name, { ...service, versions: [...service.versions, version] });
  return { before, after, scope: NOTHING, files: asChanges(tree, files) };
};

function checkAddonChanges(from: ComponentVersion, r: Request): void {
  const has = from.addons.map((a) => a.name);
  const label = `${from.service} ${from.version}`;
  for (const name of r.removeAddons) {
    if (!has.includes(name))
      fail('UnknownAddon', `${label} has no addon "${name}" to remove (it offers: ${known(has)})`, 'removeAddons');
  }
  const seen = new Set<string>();
  for (const a of r.addAddons) {
    assertValid(checkName('addon', a.name, 'addAddons'));
    if (seen.has(a.name)) fail('DuplicateName', `addon "${a.name}" is added twice`, 'addAddons');
    seen.add(a.name);
    if (has.includes(a.name) && !r.removeAddons.includes(a.name)) {
      fail(
        'DuplicateName',
        `${label} already has addon "${a.name}": list it in removeAddons too to replace it`,
        'addAddons',
      );
    }
  }
}

/** The model of the new version: `from` with the request's changes, unsealed and stable. */
function releasedVersion(from: ComponentVersion, r: Request): ComponentVersion {
  const removed = new Set(r.removeAddons);
  const kept: Addon[] = from.addons
    .filter((a) => !removed.has(a.name))
    .map((a) => ({ ...a, conflictsWith: a.conflictsWith.filter((c) => !removed.has(c)) }));
  const description = r.description ?? from.description;
  if (from.source === 'manifests') return releasedManifestVersion(from, r, kept, description);
  if (r.manifests !== undefined)
    fail(
      'InvalidRequest',
      `${from.service} ${from.version} is a Helm chart: give a chart version or values, not manifests`,
      'manifests',
    );
  const added: Addon[] = r.addAddons.map((a) => {
    if (a.manifests !== undefined)
      fail(
        'InvalidRequest',
        `addon "${a.name}" has manifests but ${from.service} is a Helm chart (give its values)`,
        'addAddons',
      );
    return {
      name: a.name,
      ...(a.description !== undefined ? { description: a.description } : {}),
      conflictsWith: [...a.conflictsWith],
      patchTargets: [{ kind: 'HelmRelease', name: from.service }],
      values: a.values,
    };
  });
  const values = r.values ?? from.values;
  const { description: _description, values: _values, ...rest } = unsealed(from) as HelmComponentVersion;
  return {
    ...rest,
    version: r.version,
    ...(description !== undefined ? { description } : {}),
    chart: { ...from.chart, version: r.chartVersion ?? from.chart.version },
    ...(values !== undefined ? { values } : {}),
    addons: [...kept, ...added],
    lifecycle: { status: 'stable' },
  };
}

/**
 * A plain-manifest release: `from`'s files, with `_base` replaced when the
 * request brings manifests, removed addons' directories left out and added
 * addons' directories checked and written like AddRuntimeService's.
 */
function releasedManifestVersion(
  from: ManifestComponentVersion,
  r: Request,
  kept: Addon[],
  description: string | undefined,
): ComponentVersion {
  if (r.chartVersion !== undefined || r.values !== undefined)
    fail(
      'InvalidRequest',
      `${from.service} ${from.version} is a component of plain manifests: it has no chart version or Helm values (give manifests)`,
      r.chartVersion !== undefined ? 'chartVersion' : 'values',
    );
  for (const a of r.addAddons) {
    if (a.manifests === undefined || Object.keys(a.values).length)
      fail(
        'InvalidRequest',
        `addon "${a.name}" of ${from.service} (plain manifests) needs its manifests (a directory) and no Helm values`,
        'addAddons',
      );
  }
  const removed = new Set(r.removeAddons);
  const fromBase: Record<string, string> = {};
  for (const [p, c] of Object.entries(from.files)) if (p.startsWith('_base/')) fromBase[p.slice(6)] = c;
  const made = manifestComponentFiles({
    service: from.service,
    namespace: from.namespace,
    secrets: from.requires.secrets,
    base: r.manifests ?? fromBase,
    addons: r.addAddons.map((a) => ({ name: a.name, files: a.manifests ?? {} })),
    field: r.manifests !== undefined ? 'manifests' : 'from',
    addonsField: 'addAddons',
  });
  const replaced = new Set(r.addAddons.map((a) => a.name));
  const files: Record<string, string> = {};
  for (const [p, c] of Object.entries(from.files)) {
    const top = p.split('/')[0]!;
    if (top === '_base' || removed.has(top) || replaced.has(top)) continue;
    files[p] = c;
  }
  Object.assign(files, made.files);
  const sorted: Record<string, string> = {};
  for (const p of Object.keys(files).sort(byteOrder)) sorted[p] = files[p]!;
  const added: Addon[] = r.addAddons.map((a) => ({
    name: a.name,
    ...(a.description !== undefined ? { description: a.description } : {}),
    conflictsWith: [...a.conflictsWith],
    patchTargets: [...(made.patchTargets[a.name] ?? [])],
  }));
  const { description: _description, ...rest } = unsealed(from) as ManifestComponentVersion;
  return {
    ...rest,
    version: r.version,
    ...(description !== undefined ? { description } : {}),
    files: sorted,
    addons: [...kept, ...added],
    lifecycle: { status: 'stable' },
  };
}

/** The files of a version released from a hand-written one: verbatim copies but for the chart version and addons. */
function copiedFiles(
  tree: FileTree,
  from: HelmComponentVersion,
  to: HelmComponentVersion,
  r: Request,
): [string, string][] {
  const fromDir = layout.versionDir(from.service, from.version);
  const toDir = layout.versionDir(to.service, to.version);
  const removed = new Set(r.removeAddons);
  const files: [string, string][] = [];
  for (const path of tree.list(fromDir)) {
    const rel = path.slice(fromDir.length + 1);
    if (rel === 'component.yaml') continue;
    const top = rel.split('/')[0]!;
    if (rel.includes('/') && removed.has(top)) continue;
    const content = rel === '_base/release.yaml' ? editRelease(tree.read(path)!, from, to, r, path) : tree.read(path)!;
    files.push([`${toDir}/${rel}`, content]);
  }
  if (
    (to.chart.version !== from.chart.version || r.values !== undefined) &&
    tree.read(`${fromDir}/_base/release.yaml`) === undefined
  ) {
    fail(
      'InvalidRequest',
      `${from.service} ${from.version} is hand-written and has no _base/release.yaml whose HelmRelease Platter could change`,
      'chartVersion',
    );
  }
  // Added addons get the Component Platter renders (a patch on the service's HelmRelease).
  for (const a of r.addAddons) {
    const dir = `${layout.addonDir(to.service, to.version, a.name)}/`;
    for (const f of releaseFiles(to)) if (f[0].startsWith(dir)) files.push(f);
  }
  const relative = files.map(([p, c]) => [p.slice(toDir.length + 1), c] as const);
  files.unshift([layout.componentFile(to.service, to.version), componentFile(tree, from, to, r, relative)]);
  return files;
}

/** `_base/release.yaml` with the HelmRelease's chart version (and base values, when asked) changed in place. */
function editRelease(
  text: string,
  from: HelmComponentVersion,
  to: HelmComponentVersion,
  r: Request,
  path: string,
): string {
  const chartChanged = to.chart.version !== from.chart.version;
  if (!chartChanged && r.values === undefined) return text;
  const docs = parseDocuments(text);
  const release = docs.find((d) => {
    const v = d.toJS() as {
      kind?: unknown;
      metadata?: { name?: unknown };
      spec?: { chart?: { spec?: unknown } };
    } | null;
    return v?.kind === 'HelmRelease' && v.metadata?.name === from.service && typeof v.spec?.chart?.spec === 'object';
  });
  if (!release) {
    fail(
      'InvalidRequest',
      `${path} has no HelmRelease ${from.service} with spec.chart.spec whose version Platter could change; release this version by hand`,
      'chartVersion',
    );
  }
  const values = r.values && Object.keys(r.values).length ? exact({ ...r.values }) : undefined;
  const changed = mergeDocument(release, {
    spec: {
      ...(chartChanged ? { chart: { spec: { version: to.chart.version } } } : {}),
      ...(r.values !== undefined ? { values } : {}),
    },
  });
  return changed ? stringifyDocuments(docs) : text;
}

/** `from`'s component.yaml document with the new version's fields and a fresh digest over `files`. */
function componentFile(
  tree: FileTree,
  from: HelmComponentVersion,
  to: HelmComponentVersion,
  r: Request,
  files: readonly (readonly [string, string])[],
): string {
  const docs = parseDocuments(tree.read(layout.componentFile(from.service, from.version))!);
  const doc = docs[0]!;
  const replaced = new Set(r.removeAddons);
  mergeDocument(doc, {
    spec: {
      version: to.version,
      description: to.description,
      chart: { version: to.chart.version },
      // Kept addons keep their entry (only conflicts with removed ones go); new and replaced ones are declared whole.
      addons: byName(
        to.addons.map((a) =>
          from.addons.some((x) => x.name === a.name) && !replaced.has(a.name)
            ? { name: a.name, conflictsWith: [...a.conflictsWith] }
            : {
                name: a.name,
                description: a.description,
                conflictsWith: [...a.conflictsWith],
                patchTargets: a.patchTargets.map((t) => ({ ...t })),
              },
        ),
      ),
      lifecycle: exact({ status: 'stable' }),
      digest: undefined,
    },
  });
  const digest = computeComponentDigest(
    files,
    metadataForDigest(parseYamlValues(stringifyDocuments(docs))[0] as Record<string, any>),
  );
  mergeDocument(doc, { spec: { digest } });
  return stringifyDocuments(docs);
}

/**
 * A release must be the newest version, or a patch release of an older line that
 * is newer than every release of that line (1.0.1 after 1.0.0 while 1.1.0 exists).
 */
function checkReleaseOrder(service: RuntimeService, version: string): void {
  const newest = latestVersion(service);
  if (!newest || compareVersions(version, newest.version) > 0) return;
  const line = (v: string) => `${semver.major(v)}.${semver.minor(v)}`;
  const sameLine = service.versions.filter((v) => line(v.version) === line(version));
  const newestOfLine = latestVersion({ ...service, versions: sameLine });
  if (newestOfLine && compareVersions(version, newestOfLine.version) > 0) return;
  fail(
    'Downgrade',
    newestOfLine
      ? `${service.name} ${version} is older than ${newestOfLine.version}, the newest release of its ${line(version)}.x line: release a newer version`
      : `${service.name} ${version} is older than ${newest.version}, the newest release, and the ${line(version)}.x line is not on the menu: releases below the newest may only patch a line that exists`,
    'version',
  );
}
