import type { Fleet } from '../fleet';
import { compareVersions, isoDate, isPrerelease, isValidVersion } from '../versions';

/**
 * What is outdated in a fleet (issue 19 §2), per stage and per environment:
 *
 * - `behind`: a component runs an older version than the newest stable one on
 *   the menu (not a prerelease, not deprecated, not past its sunset);
 * - `deprecated`: a component runs a deprecated version (with its sunset and the
 *   days left, negative once past it);
 * - `sunset`: a component runs a version past its sunset;
 * - `app-behind`: an app is pinned in a stage to a version older than the one
 *   it runs in the stage that stage promotes from (unless that one is a
 *   prerelease the stage may not run).
 *
 * - `pinned`: an env runs another version than its stage (a version override,
 *   an upgrade campaign's canary): `version` is the env's, `newer` the stage's.
 *
 * An env has its stage's findings, except for a component it pins: those are
 * the pinned version's, plus `pinned`. Pure: `now` is passed in. Sorted: stages in promotion order, envs by name.
 */
export type OutdatedReason = 'behind' | 'deprecated' | 'sunset' | 'app-behind' | 'pinned';

export interface OutdatedItem {
  readonly reason: OutdatedReason;
  /** The runtime service, or the app for `app-behind`. */
  readonly subject: string;
  readonly version: string;
  /**
   * `behind`: the newest stable version; `app-behind`: the version in the stage promoted from;
   * `pinned`: the version the env's stage runs.
   */
  readonly newer?: string;
  /** `app-behind`: the stage promoted from. */
  readonly from?: string;
  readonly sunset?: string;
  /** Days from `now` to the sunset (negative: past it). */
  readonly daysLeft?: number;
  readonly message?: string;
}

export interface OutdatedReport {
  readonly stages: readonly { readonly stage: string; readonly items: readonly OutdatedItem[] }[];
  readonly environments: readonly {
    readonly env: string;
    readonly stage: string;
    readonly items: readonly OutdatedItem[];
  }[];
}

const DAY = 24 * 3600 * 1000;

/** Whole days from `now`'s date to an ISO date (both read as UTC days). */
export function daysUntil(date: string, now: Date): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${isoDate(now)}T00:00:00Z`)) / DAY);
}

export function outdatedReport(fleet: Fleet, now: Date): OutdatedReport {
  const today = isoDate(now);
  const newestStable = new Map<string, string>();
  for (const s of fleet.services) {
    const stable = s.versions
      .filter((v) => isValidVersion(v.version) && !isPrerelease(v.version))
      .filter((v) => v.lifecycle.status === 'stable')
      .filter((v) => v.lifecycle.sunset === undefined || today <= v.lifecycle.sunset)
      .map((v) => v.version)
      .sort(compareVersions);
    if (stable.length) newestStable.set(s.name, stable.at(-1)!);
  }

  /** behind / deprecated / sunset of one service at one version. */
  const componentItems = (service: string, version: string): OutdatedItem[] => {
    const items: OutdatedItem[] = [];
    const v = fleet.services.find((s) => s.name === service)?.versions.find((x) => x.version === version);
    const newest = newestStable.get(service);
    if (newest && isValidVersion(version) && compareVersions(version, newest) < 0)
      items.push({ reason: 'behind', subject: service, version, newer: newest });
    if (!v) return items;
    const { status, sunset, message } = v.lifecycle;
    const days = sunset !== undefined ? daysUntil(sunset, now) : undefined;
    const base = {
      subject: service,
      version,
      ...(sunset !== undefined ? { sunset, daysLeft: days! } : {}),
      ...(message ? { message } : {}),
    };
    if (days !== undefined && days < 0) items.push({ reason: 'sunset', ...base });
    else if (status === 'deprecated') items.push({ reason: 'deprecated', ...base });
    return items;
  };

  const stages = fleet.stages.map((stage) => {
    const items: OutdatedItem[] = stage.components.flatMap((c) => componentItems(c.service, c.version));
    if (stage.promotesFrom) {
      for (const app of fleet.apps) {
        const here = app.deployments.find((d) => d.stage === stage.name);
        const there = app.deployments.find((d) => d.stage === stage.promotesFrom);
        if (!here || !there || !isValidVersion(here.version) || !isValidVersion(there.version)) continue;
        // A prerelease upstream is not "newer" for a stage that may not run it (prod behind staging's rc).
        if (isPrerelease(there.version) && !stage.allowPrerelease) continue;
        if (compareVersions(here.version, there.version) < 0)
          items.push({
            reason: 'app-behind',
            subject: app.name,
            version: here.version,
            newer: there.version,
            from: stage.promotesFrom,
          });
      }
    }
    return { stage: stage.name, items };
  });

  const byStage = new Map(stages.map((s) => [s.stage, s.items]));
  const environments = [...fleet.environments]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => {
      const items = byStage.get(e.stage) ?? [];
      const pins = (e.versionOverrides ?? []).filter((p) =>
        fleet.stages.some((s) => s.name === e.stage && s.components.some((c) => c.service === p.service)),
      );
      if (!pins.length) return { env: e.name, stage: e.stage, items };
      // A pinned component's findings are its pinned version's, not the stage's.
      const pinned = new Set(pins.map((p) => p.service));
      const stageVersion = (svc: string) =>
        fleet.stages.find((s) => s.name === e.stage)?.components.find((c) => c.service === svc)?.version;
      return {
        env: e.name,
        stage: e.stage,
        items: [
          ...items.filter((i) => i.reason === 'app-behind' || !pinned.has(i.subject)),
          ...pins.flatMap((p): OutdatedItem[] => [
            { reason: 'pinned', subject: p.service, version: p.version, newer: stageVersion(p.service)! },
            ...componentItems(p.service, p.version),
          ]),
        ],
      };
    });
  return { stages, environments };
}
