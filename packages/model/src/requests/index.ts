/**
 * Change requests: one module per kind (`<kind>.ts`: its schema and its
 * RequestKindSpec), the list of them (`kinds.ts`), and what reads the list:
 * parsing, identity, secrets. Nothing here is written per kind.
 */
export {
  REQUEST_KIND_SPECS,
  REQUEST_SCHEMAS,
  REQUEST_KINDS,
  changeRequestSchema,
  isRequestKind,
  specOf,
  type AnyRequestKindSpec,
  type ChangeRequest,
  type ChangeRequestInput,
  type RequestKind,
  type RequestKindSpecOf,
  type RequestOf,
  type RequestInputOf,
} from './kinds';
export {
  defineRequestKind,
  type RequestKindSpec,
  type RequestAudience,
  type SecretsLens,
  type KindSchema,
} from './spec';
export { parseRequest, requestHash, requestSubject, describeRequest, MAX_REQUEST_DEPTH } from './parseRequest';
export { secretsOf, withSecrets, secretsEnvOf, ownRecipientsOf, redactRequest } from './secrets';
export type { Target, SecretInput } from './common';
export { addComponentToStageRequest } from './addComponentToStage';
export { addRuntimeServiceRequest } from './addRuntimeService';
export { createEnvironmentRequest } from './createEnvironment';
export { createStageRequest } from './createStage';
export { deleteEnvironmentRequest } from './deleteEnvironment';
export { deleteStageRequest } from './deleteStage';
export { deprecateComponentVersionRequest } from './deprecateComponentVersion';
export { disableAddonRequest } from './disableAddon';
export { enableAddonRequest } from './enableAddon';
export { offboardAppRequest } from './offboardApp';
export { offboardTenantRequest } from './offboardTenant';
export { onboardAppRequest } from './onboardApp';
export { onboardTenantRequest } from './onboardTenant';
export { promoteAppRequest } from './promoteApp';
export { releaseComponentVersionRequest } from './releaseComponentVersion';
export { removeComponentFromStageRequest } from './removeComponentFromStage';
export { removeComponentVersionRequest } from './removeComponentVersion';
export { rollbackRequest } from './rollback';
export { setConfigRequest } from './setConfig';
export { setSecretRequest } from './setSecret';
export { upgradeComponentRequest } from './upgradeComponent';
export { upgradeCampaignRequest } from './upgradeCampaign';
export { addCloudResourceRequest } from './addCloudResource';
export { removeCloudResourceRequest } from './removeCloudResource';
