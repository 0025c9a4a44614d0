import { layout, normalizeEntityRef, PlatterError, tenantsOwnedBy, type Actor, type Fleet } from '@platter/model';

/** Who a Backstage user is to Platter, from the identity the backend knows. */
export interface PlatterIdentity {
  /** `user:default/jane` */
  readonly userEntityRef: string;
  /** The user and the groups they belong to (Backstage ownership refs). */
  readonly ownershipEntityRefs: readonly string[];
}

/**
 * Maps a Backstage identity to a Platter actor, from platter.yaml: a member of the
 * platform team acts as the platform; a member of a tenant's owner group acts as
 * that tenant (the model's one group -> tenant rule, tenantsOwnedBy: a group
 * owns one tenant); anyone else acts as a tenant of nothing (every tenant path
 * is someone else's, every platform path needs review). Refs compare
 * case-insensitively, as Backstage's do.
 *
 * A group of the user that owns several tenants breaks that rule (checkTenants
 * reports it): InvalidSettings, as normalizeInput refuses such a group in a
 * tenant field, rather than acting for one of them. A person in the owner
 * groups of several tenants acts as the first of them in platter.yaml order.
 */
export function resolveActor(fleet: Fleet, identity: PlatterIdentity): Actor {
  const user = identity.userEntityRef;
  // The person's groups travel with the actor: a freeze's overrideBy names groups (issue 19 §4).
  const groups = [...identity.ownershipEntityRefs];
  if (identity.ownershipEntityRefs.some((r) => normalizeRef(r) === normalizeRef(fleet.settings.platformTeam)))
    return { kind: 'platform', user, groups };
  for (const ref of identity.ownershipEntityRefs) {
    const owned = tenantsOwnedBy(fleet.tenants, [ref]);
    if (owned.length > 1) {
      throw new PlatterError(
        'InvalidSettings',
        `${ref} of ${user} owns several tenants (${owned.map((t) => t.name).join(', ')}) in platter.yaml: a group owns one tenant`,
        layout.settings,
      );
    }
  }
  const tenant = tenantsOwnedBy(fleet.tenants, identity.ownershipEntityRefs)[0];
  return { kind: 'tenant', tenant: tenant?.name ?? '', user, groups };
}

/** `group:team-a` and `group:default/Team-A` are the same ref (the model's normalizeEntityRef). */
export const normalizeRef = normalizeEntityRef;
