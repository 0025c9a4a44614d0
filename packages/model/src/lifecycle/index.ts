export { daysUntil, outdatedReport } from './outdated';
export type { OutdatedItem, OutdatedReason, OutdatedReport } from './outdated';
