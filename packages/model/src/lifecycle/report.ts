import { freezeStatuses, type Freeze, type FreezeStatus } from '../freezes';
import type { Fleet } from '../fleet';
import { outdatedReport, type OutdatedReport } from './outdated';

/**
 * The menu's lifecycle at one instant (issue 19): every freeze with whether it
 * is active, and what is outdated per stage and env. What the backend's
 * `GET /lifecycle` answers and the EnvironmentCard's and Menu page's badges read.
 */
export interface LifecycleReport {
  /** The instant it was computed for (ISO). */
  readonly at: string;
  readonly freezes: readonly FreezeStatus[];
  readonly outdated: OutdatedReport;
}

export function lifecycleReport(fleet: Fleet, freezes: readonly Freeze[], now: Date): LifecycleReport {
  return {
    at: now.toISOString(),
    freezes: freezeStatuses(freezes, fleet.environments, now),
    outdated: outdatedReport(fleet, now),
  };
}

/**
 * The part of a report one environment's page needs: the freezes that hold it
 * (with `reaches` cut to it), its outdated items and its stage's. Its size does
 * not grow with the fleet, unlike the whole report (12 MB at 1,000 envs), so the
 * EnvironmentCard asks for this (`GET /lifecycle?env=`).
 */
export function lifecycleOfEnvironment(
  report: LifecycleReport,
  env: { readonly name: string; readonly stage: string },
): LifecycleReport {
  return {
    at: report.at,
    freezes: report.freezes.filter((f) => f.reaches.includes(env.name)).map((f) => ({ ...f, reaches: [env.name] })),
    outdated: {
      stages: report.outdated.stages.filter((s) => s.stage === env.stage),
      environments: report.outdated.environments.filter((e) => e.env === env.name),
    },
  };
}

/**
 * The fleet-wide view of a report, per stage: each freeze with how many envs it
 * holds, and per stage its outdated items and how many of its envs the report
 * lists. What the Menu page's "Outdated and freezes" tab shows; unlike the whole
 * report, its size grows with the stages, not with the envs (`GET /lifecycle/stages`).
 */
export interface LifecycleSummary {
  readonly at: string;
  readonly freezes: readonly (Freeze & { readonly active: boolean; readonly holds: number })[];
  readonly stages: readonly {
    readonly stage: string;
    readonly envs: number;
    readonly items: LifecycleReport['outdated']['stages'][number]['items'];
  }[];
}

export function lifecycleSummary(report: LifecycleReport): LifecycleSummary {
  const envs = new Map<string, number>();
  for (const e of report.outdated.environments) envs.set(e.stage, (envs.get(e.stage) ?? 0) + 1);
  return {
    at: report.at,
    freezes: report.freezes.map(({ reaches, ...f }) => ({ ...f, holds: reaches.length })),
    stages: report.outdated.stages.map((s) => ({ stage: s.stage, envs: envs.get(s.stage) ?? 0, items: s.items })),
  };
}
