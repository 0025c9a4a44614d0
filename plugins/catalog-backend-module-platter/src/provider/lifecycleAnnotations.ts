import type { Entity } from '@backstage/catalog-model';
import { outdatedReport, type Fleet, type OutdatedItem } from '@platter/model';
import { PLATTER_ANNOTATIONS, PLATTER_ENTITY_TYPES } from '@platter/plugin-platter-common';

/**
 * Lifecycle annotations and a label on environment and stage entities (issue
 * 19 §2), so Backstage's own search and catalog filters find "everything
 * running a deprecated version" without Platter's pages:
 *
 * - `platter.dev/outdated`: the outdated reasons, sorted and comma-separated
 *   (`behind,deprecated`); absent when nothing is outdated;
 * - `platter.dev/deprecated-versions`: `<service>@<version>` of each deprecated
 *   (or past-sunset) version it runs, comma-separated;
 * - `platter.dev/sunset`: the earliest sunset among them (YYYY-MM-DD);
 * - label `platter.dev/runs-deprecated: "true"`, for
 *   `GET /api/catalog/entities?filter=metadata.labels.platter.dev/runs-deprecated=true`.
 *
 * Read at ingestion (the provider applies a commit once): a version that
 * passes its sunset later shows as deprecated until the next commit.
 */
export const LIFECYCLE_ANNOTATIONS = {
  outdated: 'platter.dev/outdated',
  deprecatedVersions: 'platter.dev/deprecated-versions',
  sunset: 'platter.dev/sunset',
} as const;
export const RUNS_DEPRECATED_LABEL = 'platter.dev/runs-deprecated';

export function withLifecycleAnnotations(entities: readonly Entity[], fleet: Fleet, now: Date): Entity[] {
  const report = outdatedReport(fleet, now);
  const byStage = new Map(report.stages.map((s) => [s.stage, s.items]));
  const byEnv = new Map(report.environments.map((e) => [e.env, e.items]));
  return entities.map((entity) => {
    const type = (entity.spec as { type?: string } | undefined)?.type;
    const annotations = entity.metadata.annotations ?? {};
    const items =
      type === PLATTER_ENTITY_TYPES.environment
        ? byEnv.get(annotations[PLATTER_ANNOTATIONS.environment] ?? '')
        : type === PLATTER_ENTITY_TYPES.stage
          ? byStage.get(annotations[PLATTER_ANNOTATIONS.stage] ?? '')
          : undefined;
    if (!items?.length) return entity;
    const extra = lifecycleAnnotationsOf(items);
    const deprecated = extra[LIFECYCLE_ANNOTATIONS.deprecatedVersions] !== undefined;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { ...annotations, ...extra },
        ...(deprecated ? { labels: { ...entity.metadata.labels, [RUNS_DEPRECATED_LABEL]: 'true' } } : {}),
      },
    };
  });
}

function lifecycleAnnotationsOf(items: readonly OutdatedItem[]): Record<string, string> {
  const reasons = [...new Set(items.map((i) => i.reason))].sort();
  const old = items.filter((i) => i.reason === 'deprecated' || i.reason === 'sunset');
  const sunsets = old.flatMap((i) => (i.sunset ? [i.sunset] : [])).sort();
  return {
    [LIFECYCLE_ANNOTATIONS.outdated]: reasons.join(','),
    ...(old.length
      ? { [LIFECYCLE_ANNOTATIONS.deprecatedVersions]: old.map((i) => `${i.subject}@${i.version}`).join(',') }
      : {}),
    ...(sunsets.length ? { [LIFECYCLE_ANNOTATIONS.sunset]: sunsets[0]! } : {}),
  };
}
