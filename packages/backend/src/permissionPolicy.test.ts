import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermission } from '@backstage/plugin-permission-common';
import { MemoryFileTree } from '@platter/model';
import { exampleRepository } from '@platter/render';
import {
  platterApplyPermission,
  platterPlanPermission,
  platterPlatformPermission,
} from '@platter/plugin-platter-common';
import { PlatterPermissionPolicy } from './permissionPolicy';

const mirror = {
  snapshot: async () => ({
    commit: 'c0ffee',
    branch: 'main',
    tree: exampleRepository() as MemoryFileTree,
    fetchedAt: new Date(),
  }),
};
const policy = new PlatterPermissionPolicy({ mirror } as never);
const user = (...refs: string[]) => ({ info: { userEntityRef: refs[0]!, ownershipEntityRefs: refs } }) as never;
const catalogRead = createPermission({ name: 'catalog.entity.read', attributes: { action: 'read' } });

describe('PlatterPermissionPolicy', () => {
  it.each([
    [
      'platform team: platform requests',
      platterPlatformPermission,
      ['user:default/ops', 'group:default/platform-team'],
      AuthorizeResult.ALLOW,
    ],
    [
      'platform team: apply',
      platterApplyPermission,
      ['user:default/ops', 'group:default/platform-team'],
      AuthorizeResult.ALLOW,
    ],
    ['tenant: plan', platterPlanPermission, ['user:default/jane', 'group:default/team-a'], AuthorizeResult.ALLOW],
    ['tenant: apply', platterApplyPermission, ['user:default/jane', 'group:default/team-a'], AuthorizeResult.ALLOW],
    [
      'tenant: platform requests',
      platterPlatformPermission,
      ['user:default/jane', 'group:default/team-a'],
      AuthorizeResult.DENY,
    ],
    ['outsider: plan', platterPlanPermission, ['user:default/guest'], AuthorizeResult.DENY],
    ['anonymous: plan', platterPlanPermission, [], AuthorizeResult.DENY],
    ['not Platter: allowed', catalogRead, ['user:default/guest'], AuthorizeResult.ALLOW],
  ])('%s', async (_name, permission, refs, result) => {
    await expect(policy.handle({ permission } as never, refs.length ? user(...refs) : undefined)).resolves.toEqual({
      result,
    });
  });
});
