export { validate, RULES } from './validate';
export type { Rule, RuleOptions } from './context';
export { checkSettings } from './checkSettings';
export { checkMenu, checkComponentVersion } from './checkMenu';
export { checkStages, checkAddonSelection, checkVersionAllowed } from './checkStages';
export { checkEnvironments, checkEnvironment, isAgeRecipient } from './checkEnvironments';
export { checkTenants } from './checkTenants';
export { checkApps, checkApp, checkAppVersionInStage } from './checkApps';
export { findCycles, checkCycles, topologicalOrder } from './checkDependencies';
