export { createPlatterAction, platterInputSchema, platterPlanOutputSchema } from './createPlatterAction';
export type { PlatterActionDeps } from './createPlatterAction';
export { createPublishAction } from './publish';
export type { PublishActionDeps, PublishMode, PublishOutputs } from './publish';
export { PLATTER_ACTION_IDS, PLATTER_PUBLISH_ACTION_ID } from './actionIds';
export { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';
export type { PlatterActionExample } from './createPlatterAction.examples';
export { PLAN_FILE, REQUEST_FILE, CHANGES_DIR } from './workspace';
