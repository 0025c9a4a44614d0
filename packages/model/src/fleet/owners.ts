/**
 * The one group -> tenant rule, shared by the repository rules (checkTenants),
 * the portal's actor resolution (platter-node's resolveActor) and the
 * translation of an owner picked in a form (normalizeInput): a tenant's
 * `owner` group owns that tenant, and a group owns at most one tenant
 * (checkTenants reports a group that owns several, InvalidSettings), so "the
 * tenant of a group" is never a choice.
 */

/**
 * A Backstage entity ref in one spelling: `group:team-a` and
 * `group:default/Team-A` are the same ref (the default namespace implied,
 * compared case-insensitively, as Backstage compares them).
 */
export function normalizeEntityRef(ref: string): string {
  const m = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(ref.trim());
  if (!m) return ref.trim().toLocaleLowerCase('en-US');
  const [, kind, namespace, name] = m;
  return `${kind}:${namespace ?? 'default'}/${name}`.toLocaleLowerCase('en-US');
}

/** The tenants whose owner is one of `refs` (any spelling), in platter.yaml order. */
export function tenantsOwnedBy<T extends { readonly owner: string }>(
  tenants: readonly T[],
  refs: Iterable<string>,
): T[] {
  const wanted = new Set([...refs].map(normalizeEntityRef));
  return tenants.filter((t) => wanted.has(normalizeEntityRef(t.owner)));
}

/** Owner groups that own more than one tenant, with those tenants' names: what checkTenants reports. */
export function groupsOwningSeveralTenants(
  tenants: readonly { readonly name: string; readonly owner: string }[],
): Map<string, string[]> {
  const byOwner = new Map<string, string[]>();
  for (const t of tenants) {
    const key = normalizeEntityRef(t.owner);
    byOwner.set(key, [...(byOwner.get(key) ?? []), t.name]);
  }
  return new Map([...byOwner].filter(([, names]) => names.length > 1));
}
