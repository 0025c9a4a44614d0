import type { RequestKind } from '@platter/model';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Platter's permissions. Who may *ask* is decided here (the portal's policy maps
 * groups to these); what a request may *do* is decided by the core's review
 * policy (a tenant's request on platform paths becomes a pull request; on
 * another tenant's app it is Forbidden).
 */
export const platterPlanPermission = createPermission({
  name: 'platter.request.plan',
  attributes: { action: 'read' },
});

export const platterApplyPermission = createPermission({
  name: 'platter.request.apply',
  attributes: { action: 'update' },
});

/** Requests on the menu and environments (release, deprecate, create env...): platform team only. */
export const platterPlatformPermission = createPermission({
  name: 'platter.platform.manage',
  attributes: { action: 'update' },
});

export const platterPermissions = [platterPlanPermission, platterApplyPermission, platterPlatformPermission];

/**
 * Who may ask for a kind at all (besides the core's review policy, which decides
 * what a request may do): `platform` kinds change the menu, the stages'
 * composition, environments and their config/secrets, and additionally need
 * platterPlatformPermission; `tenant` kinds need only platterPlanPermission
 * (and a tenant's request on platform paths still becomes a pull request).
 */
export const REQUEST_AUDIENCE: { readonly [K in RequestKind]: 'tenant' | 'platform' } = {
  CreateEnvironment: 'platform',
  DeleteEnvironment: 'platform',
  OnboardTenant: 'tenant',
  OffboardTenant: 'tenant',
  OnboardApp: 'tenant',
  OffboardApp: 'tenant',
  EnableAddon: 'tenant',
  DisableAddon: 'tenant',
  AddComponentToStage: 'platform',
  RemoveComponentFromStage: 'platform',
  PromoteApp: 'tenant',
  Rollback: 'tenant',
  SetConfig: 'platform',
  SetSecret: 'platform',
  AddRuntimeService: 'platform',
  ReleaseComponentVersion: 'platform',
  DeprecateComponentVersion: 'platform',
  RemoveComponentVersion: 'platform',
  UpgradeComponent: 'platform',
};

/** The permissions a request of this kind needs to be planned (and, with platterApplyPermission, published). */
export const permissionsToPlan = (kind: RequestKind) =>
  REQUEST_AUDIENCE[kind] === 'platform' ? [platterPlanPermission, platterPlatformPermission] : [platterPlanPermission];
