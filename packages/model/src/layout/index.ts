export {
  layout,
  describeTarget,
  targetOf,
  versionOfBasePath,
  KUSTOMIZATION_FILE_NAMES,
  SETTINGS_FILE,
  SOPS_CONFIG_FILE,
  CODEOWNERS_FILE,
  ENCRYPTED_SUFFIX,
} from './layout';
export type { DeploymentTarget, Target } from './layout';
