import { isValidIsoDate, requireComponentVersion, type Lifecycle } from '@platter/model';
import type { RenderedFiles } from '../../render/context';
import { renderComponentVersion } from '../../render/renderMenu';
import { NOTHING, withService } from '../menuSupport';
import { editedChanges, fail, loadFleet } from '../support';
import type { Planner } from '../types';

/**
 * Plans DeprecateComponentVersion: sets `lifecycle` of a released version to
 * deprecated, with an optional sunset date and a message saying what to move to.
 * Lifecycle is the one field of a released component.yaml that may change, so the
 * digest stays as it is. A sunset or message left out keeps the one already set.
 * The plan's diagnostics carry a DeprecatedVersion warning for each stage that
 * runs the version (from the pipeline's validation of the result).
 * Touches runtime/<svc>/<version>/component.yaml only (no sibling version is re-rendered).
 * Rejects UnknownRuntimeService, UnknownComponentVersion, InvalidRequest (a sunset
 * that is not YYYY-MM-DD), and through the rules SunsetVersion (a sunset already
 * past while a stage still runs the version: upgrade those stages first).
 * Re-planning an applied request is empty.
 */
export const planDeprecateComponentVersion: Planner<'DeprecateComponentVersion'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const version = requireComponentVersion(before, r.service, r.version, 'version');
  if (r.sunset !== undefined && !isValidIsoDate(r.sunset)) {
    fail('InvalidRequest', `sunset ${JSON.stringify(r.sunset)} is not a date like 2027-01-31`, 'sunset');
  }
  const sunset = r.sunset ?? version.lifecycle.sunset;
  const message = r.message ?? version.lifecycle.message;
  const lifecycle: Lifecycle = {
    status: 'deprecated',
    ...(sunset !== undefined ? { sunset } : {}),
    ...(message !== undefined ? { message } : {}),
  };
  const current = version.lifecycle;
  if (
    current.status === lifecycle.status &&
    current.sunset === lifecycle.sunset &&
    current.message === lifecycle.message
  ) {
    return { before, after: before, scope: NOTHING };
  }
  const next = { ...version, lifecycle };
  const service = before.services.find((s) => s.name === r.service)!;
  const after = withService(before, service.name, {
    ...service,
    versions: service.versions.map((v) => (v.version === r.version ? next : v)),
  });
  // Only this version's component.yaml: rendering the whole service could touch its siblings.
  const out: RenderedFiles = new Map();
  renderComponentVersion({ fleet: after, previous: ctx.reader.tree }, next, out);
  // Only what the new lifecycle changes: a hand edit elsewhere in the file stays (issue 14).
  const base: RenderedFiles = new Map();
  renderComponentVersion({ fleet: before, previous: ctx.reader.tree }, version, base);
  return { before, after, scope: NOTHING, files: editedChanges(ctx.reader.tree, out, base) };
};
