/**
 * Read-only questions about a fleet (DESIGN §3 "Queries"): who uses a menu
 * version, how to roll a version out stage by stage, how the envs of a stage
 * drift from it. Pure functions over the model; they never throw for findings,
 * only for names that do not exist.
 */
export { menuUsage } from './menuUsage';
export type { MenuUsage, VersionUse, VersionPlacement } from './menuUsage';
export { menuOverview, versionEnvironments, fleetOverview, MAX_ENVIRONMENTS_PAGE } from './menuOverview';
export type {
  MenuFilter,
  MenuOverview,
  MenuOverviewRow,
  MenuStageCount,
  VersionEnvironmentsQuery,
  VersionEnvironments,
  VersionEnvironment,
  FleetOverview,
  FleetCell,
} from './menuOverview';
export { upgradePlan, promotionOrder } from './upgradePlan';
export type { UpgradePlan, UpgradeStep } from './upgradePlan';
export { drift } from './drift';
export type { StageDrift, EnvDrift } from './drift';
export { stageEnvironmentsPage, stageDriftLines, pageStageEnvironments, driftLines } from './stageEnvironmentsPage';
export type { StageEnvironmentsQuery, StageEnvironments, StageEnvironmentDrift } from './stageEnvironmentsPage';
export { newestAllowedVersion } from './newestAllowedVersion';
export { readFreezes } from './freezes';
export { compatibilityMatrix, compatibilityMatrixOf, releaseBreaks, SAMPLE_RULE } from './matrix';
export type { CompatibilityMatrix, MatrixCell, MatrixCombination, MatrixOptions } from './matrix';
