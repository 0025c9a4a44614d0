import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult, type PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  platterApplyPermission,
  platterPlanPermission,
  platterPlatformPermission,
} from '@platter/plugin-platter-common';
import { normalizeRef, platterRepositoryServiceRef, type PlatterRepositoryService } from '@platter/plugin-platter-node';
import { RepositoryReader } from '@platter/render';

/**
 * The portal's permission policy: who may *ask* Platter for what. Members of the
 * platform team (platter.yaml `platformTeam`) may do everything; members of a
 * tenant's owner group may plan and publish requests (the core then decides the
 * review path, or Forbidden for another tenant's app); platform-only requests
 * (the menu, environments) are the platform team's. Everything that is not
 * Platter's is allowed, as in a default Backstage app.
 */
export class PlatterPermissionPolicy implements PermissionPolicy {
  constructor(private readonly repository: Pick<PlatterRepositoryService, 'mirror'>) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const name = request.permission.name;
    const platterPermissions = [
      platterPlanPermission.name,
      platterApplyPermission.name,
      platterPlatformPermission.name,
    ];
    if (!platterPermissions.includes(name)) return { result: AuthorizeResult.ALLOW };
    const refs = new Set((user?.info.ownershipEntityRefs ?? []).map(normalizeRef));
    if (refs.size === 0) return { result: AuthorizeResult.DENY };
    const { platformTeam, tenantOwners } = await this.owners();
    if (refs.has(platformTeam)) return { result: AuthorizeResult.ALLOW };
    if (name === platterPlatformPermission.name) return { result: AuthorizeResult.DENY };
    return { result: tenantOwners.some((o) => refs.has(o)) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }

  /** The platform team and tenant owner groups, from the latest platter.yaml. */
  private async owners(): Promise<{ platformTeam: string; tenantOwners: string[] }> {
    const snapshot = await this.repository.mirror.snapshot();
    const parsed = new RepositoryReader(snapshot.tree).settingsFile();
    if (!parsed) return { platformTeam: '', tenantOwners: [] };
    return {
      platformTeam: normalizeRef(parsed.settings.platformTeam),
      tenantOwners: parsed.file.spec.tenants.map((t) => normalizeRef(t.owner)),
    };
  }
}

export const platterPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platter-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, repository: platterRepositoryServiceRef },
      async init({ policy, repository }) {
        policy.setPolicy(new PlatterPermissionPolicy(repository));
      },
    });
  },
});
