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
