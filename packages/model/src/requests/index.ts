import { z } from 'zod/v3';
import { addComponentToStageRequest } from './addComponentToStage';
import { addRuntimeServiceRequest } from './addRuntimeService';
import { createEnvironmentRequest } from './createEnvironment';
import { deleteEnvironmentRequest } from './deleteEnvironment';
import { deprecateComponentVersionRequest } from './deprecateComponentVersion';
import { disableAddonRequest } from './disableAddon';
import { enableAddonRequest } from './enableAddon';
import { offboardAppRequest } from './offboardApp';
import { offboardTenantRequest } from './offboardTenant';
import { onboardAppRequest } from './onboardApp';
import { onboardTenantRequest } from './onboardTenant';
import { promoteAppRequest } from './promoteApp';
import { releaseComponentVersionRequest } from './releaseComponentVersion';
import { removeComponentFromStageRequest } from './removeComponentFromStage';
import { removeComponentVersionRequest } from './removeComponentVersion';
import { rollbackRequest } from './rollback';
import { setConfigRequest } from './setConfig';
import { setSecretRequest } from './setSecret';
import { upgradeComponentRequest } from './upgradeComponent';

/**
 * Every change request kind (DESIGN §3), schema by kind. This one table is what
 * the CLI, the scaffolder actions and the template docs are generated from.
 */
export const REQUEST_SCHEMAS = {
  CreateEnvironment: createEnvironmentRequest,
  DeleteEnvironment: deleteEnvironmentRequest,
  OnboardTenant: onboardTenantRequest,
  OffboardTenant: offboardTenantRequest,
  OnboardApp: onboardAppRequest,
  OffboardApp: offboardAppRequest,
  EnableAddon: enableAddonRequest,
  DisableAddon: disableAddonRequest,
  AddComponentToStage: addComponentToStageRequest,
  RemoveComponentFromStage: removeComponentFromStageRequest,
  PromoteApp: promoteAppRequest,
  Rollback: rollbackRequest,
  SetConfig: setConfigRequest,
  SetSecret: setSecretRequest,
  AddRuntimeService: addRuntimeServiceRequest,
  ReleaseComponentVersion: releaseComponentVersionRequest,
  DeprecateComponentVersion: deprecateComponentVersionRequest,
  RemoveComponentVersion: removeComponentVersionRequest,
  UpgradeComponent: upgradeComponentRequest,
} as const;

export type RequestKind = keyof typeof REQUEST_SCHEMAS;
export const REQUEST_KINDS = Object.keys(REQUEST_SCHEMAS) as RequestKind[];

/** A request of one kind, after parsing (defaults applied). */
export type RequestOf<K extends RequestKind> = z.output<(typeof REQUEST_SCHEMAS)[K]>;
/** A request of one kind as a user writes it (defaults optional). */
export type RequestInputOf<K extends RequestKind> = z.input<(typeof REQUEST_SCHEMAS)[K]>;

export const changeRequestSchema = z.discriminatedUnion('kind', [
  createEnvironmentRequest,
  deleteEnvironmentRequest,
  onboardTenantRequest,
  offboardTenantRequest,
  onboardAppRequest,
  offboardAppRequest,
  enableAddonRequest,
  disableAddonRequest,
  addComponentToStageRequest,
  removeComponentFromStageRequest,
  promoteAppRequest,
  rollbackRequest,
  setConfigRequest,
  setSecretRequest,
  addRuntimeServiceRequest,
  releaseComponentVersionRequest,
  deprecateComponentVersionRequest,
  removeComponentVersionRequest,
  upgradeComponentRequest,
]);

export type ChangeRequest = z.output<typeof changeRequestSchema>;
export type ChangeRequestInput = z.input<typeof changeRequestSchema>;

export {
  addComponentToStageRequest,
  addRuntimeServiceRequest,
  createEnvironmentRequest,
  deleteEnvironmentRequest,
  deprecateComponentVersionRequest,
  disableAddonRequest,
  enableAddonRequest,
  offboardAppRequest,
  offboardTenantRequest,
  onboardAppRequest,
  onboardTenantRequest,
  promoteAppRequest,
  releaseComponentVersionRequest,
  removeComponentFromStageRequest,
  removeComponentVersionRequest,
  rollbackRequest,
  setConfigRequest,
  setSecretRequest,
  upgradeComponentRequest,
};
export type { Target, SecretInput } from './common';
export { parseRequest, requestHash, requestSubject, describeRequest, redactRequest, secretsOf, MAX_REQUEST_DEPTH } from './parseRequest';
