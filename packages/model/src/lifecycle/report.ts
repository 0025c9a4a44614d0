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
