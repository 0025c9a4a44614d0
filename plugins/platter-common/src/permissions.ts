import { specOf, type RequestKind } from '@platter/model';
import { createPermission, type BasicPermission } from '@backstage/plugin-permission-common';

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
 * The permissions a request of this kind needs to be planned: platterPlanPermission,
 * and platterPlatformPermission too for kinds whose audience (RequestKindSpec.audience,
 * in the kind's module) is the platform: the menu, the stages' composition,
 * environments and their config and secrets. Who may *ask* is decided here; what
 * a request may *do* is the core's review policy (a tenant's request on platform
 * paths still becomes a pull request).
 */
export const permissionsToPlan = (kind: RequestKind) => neededFor(kind, platterPlanPermission);

/** The permissions a request of this kind needs to be applied (published): as permissionsToPlan, with platterApplyPermission. */
export const permissionsToApply = (kind: RequestKind) => neededFor(kind, platterApplyPermission);

const neededFor = (kind: RequestKind, base: BasicPermission): BasicPermission[] =>
  specOf(kind).audience === 'platform' ? [base, platterPlatformPermission] : [base];
