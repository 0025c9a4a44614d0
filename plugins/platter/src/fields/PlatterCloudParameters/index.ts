export { PlatterCloudParameters } from './PlatterCloudParameters';
export type { PlatterCloudParametersProps } from './PlatterCloudParameters';
export { platterCloudParametersValidation } from './validation';
export { PlatterCloudParametersFieldSchema } from './schema';
export type { PlatterCloudParametersUiOptions } from './schema';
