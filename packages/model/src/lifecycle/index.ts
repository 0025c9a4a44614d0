export { daysUntil, outdatedReport } from './outdated';
export type { OutdatedItem, OutdatedReason, OutdatedReport } from './outdated';
export { lifecycleReport, lifecycleOfEnvironment, lifecycleSummary } from './report';
export type { LifecycleReport, LifecycleSummary } from './report';
