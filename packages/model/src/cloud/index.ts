export type {
  CloudBackend,
  CloudClassVersion,
  CloudResource,
  CloudStagePolicy,
  CrossplaneBackend,
  DeletionPolicy,
  TerraformBackend,
} from './types';
export { CLOUD_LABELS, cloudClassFileSchema, cloudLayout, parseCloudClass } from './classFile';
export type { CloudClassFile } from './classFile';
export { cloudStagePolicy, resolveCloudParameters } from './parameters';
export { cloudParameterSchema } from './formSchema';
export { checkCloudClass, defaultsOf } from './checkClass';
export { openApiSchemaFindings } from './openApiSchema';
export { configFromTerraformOutput } from './terraformOutput';
