export {
  cloudResourceObject,
  deletionPolicyOf,
  pickCloudClass,
  readCloudClasses,
  readCloudResource,
  readCloudResources,
} from './readCloud';
export { checkCloudClasses } from './checkCloudClasses';
export { offeredPlatforms, renderCloudClasses, renderStageCloudClasses } from './cloudClassesInstall';
