export {
  cloudResourceObject,
  deletionPolicyOf,
  pickCloudClass,
  readCloudClasses,
  readCloudResource,
  readCloudResources,
} from './readCloud';
