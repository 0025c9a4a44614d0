import type { RequestKind } from '@platter/model';

/**
 * The scaffolder action id of every request kind: `platter:<noun>:<verb>`
 * (STYLE §4), in one table. A `Record` over RequestKind, so a new kind without
 * an id does not compile; actionIds.test.ts checks the ids are unique and well
 * formed.
 */
export const PLATTER_ACTION_IDS: { readonly [K in RequestKind]: string } = {
  CreateEnvironment: 'platter:environment:create',
  DeleteEnvironment: 'platter:environment:delete',
  OnboardTenant: 'platter:tenant:onboard',
  OffboardTenant: 'platter:tenant:offboard',
  OnboardApp: 'platter:app:onboard',
  OffboardApp: 'platter:app:offboard',
  EnableAddon: 'platter:addon:enable',
  DisableAddon: 'platter:addon:disable',
  AddComponentToStage: 'platter:stage-component:add',
  RemoveComponentFromStage: 'platter:stage-component:remove',
  PromoteApp: 'platter:app:promote',
  Rollback: 'platter:app:rollback',
  SetConfig: 'platter:config:set',
  SetSecret: 'platter:secret:set',
  AddRuntimeService: 'platter:runtime-service:add',
  ReleaseComponentVersion: 'platter:component-version:release',
  DeprecateComponentVersion: 'platter:component-version:deprecate',
  RemoveComponentVersion: 'platter:component-version:remove',
  UpgradeComponent: 'platter:component:upgrade',
};

/** The action that lands a planned request (see publish.ts). */
export const PLATTER_PUBLISH_ACTION_ID = 'platter:publish';

