import type { Actor, Fleet } from '@platter/model';

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
 * that tenant; anyone else acts as a tenant of nothing (every tenant path is
 * someone else's, every platform path needs review). Refs compare
 * case-insensitively, as Backstage's do.
 */
export function resolveActor(fleet: Fleet, identity: PlatterIdentity): Actor {
  const refs = new Set(identity.ownershipEntityRefs.map(normalizeRef));
  const user = identity.userEntityRef;
  if (refs.has(normalizeRef(fleet.settings.platformTeam))) return { kind: 'platform', user };
  const tenant = fleet.tenants.find((t) => refs.has(normalizeRef(t.owner)));
  return { kind: 'tenant', tenant: tenant?.name ?? '', user };
}

/** `group:team-a` and `group:default/Team-A` are the same ref. */
export function normalizeRef(ref: string): string {
  const m = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(ref.trim());
  if (!m) return ref.trim().toLocaleLowerCase('en-US');
  const [, kind, namespace, name] = m;
  return `${kind}:${namespace ?? 'default'}/${name}`.toLocaleLowerCase('en-US');
}
