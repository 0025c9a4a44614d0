export { plan } from './plan';
export type { PlanOptions } from './plan';
export { PlanBase } from './planBase';
export type { Plan, Planner, PlannerContext, PlannerResult, PlannerTable } from './types';
export { PLANNERS } from './planners';
export { unifiedDiff } from './diff';
export { affectedBy } from './affected';
