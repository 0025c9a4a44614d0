export { daysUntil, outdatedReport } from './outdated';
export type { OutdatedItem, OutdatedReason, OutdatedReport } from './outdated';
export { lifecycleReport, lifecycleOfEnvironment } from './report';
export type { LifecycleReport } from './report';
