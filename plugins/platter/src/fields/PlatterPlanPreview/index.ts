export { PlatterPlanPreview } from './PlatterPlanPreview';
export type { PlatterPlanPreviewProps } from './PlatterPlanPreview';
export { platterPlanPreviewValidation } from './validation';
export { PlatterPlanPreviewFieldSchema } from './schema';
export { buildPlanRequest } from './buildPlanRequest';
export type { PlanPreviewUiOptions, BuiltRequest } from './buildPlanRequest';
