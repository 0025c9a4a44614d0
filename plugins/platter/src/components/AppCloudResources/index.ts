export { AppCloudResources } from './AppCloudResources';
export type { AppCloudResourcesProps } from './AppCloudResources';
