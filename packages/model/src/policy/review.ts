import { diagnostic, PlatterError, type Diagnostic } from '../errors';
import type { FileChange } from '../fileTree';
import type { Fleet } from '../fleet';
import { layout } from '../layout';

/**
 * The review policy (DESIGN §3), in one place: who owns which path, whether a
 * change may be committed directly or needs the platform team's review, and
 * what nobody may do. CODEOWNERS is generated from the same ownership rule.
 */

/**
 * Who asks: the platform team, or a member of one tenant team. `groups` are the
 * person's group refs (Backstage ownership refs), read only by rules that name
 * groups (a freeze's overrideBy).
 */
export type Actor =
  | { readonly kind: 'platform'; readonly user?: string; readonly groups?: readonly string[] }
  | { readonly kind: 'tenant'; readonly tenant: string; readonly user?: string; readonly groups?: readonly string[] };

export type ReviewPath = 'direct' | 'platform-review';

export type PathOwner = { readonly kind: 'platform' } | { readonly kind: 'tenant'; readonly tenant: string };

/**
 * Owner of a repository path: a tenant owns its apps (`apps/<app>/**`) and its
 * app bindings (`tenants/<t>/<stage>/**`, `tenants/<t>/envs/**`); its `base`
 * (namespaces, RBAC, sources) and everything else belong to the platform team.
 */
export function pathOwner(fleets: readonly Fleet[], path: string): PathOwner {
  const parts = path.split('/');
  if (parts[0] === layout.appsDir && parts.length > 2) {
    for (const f of fleets) {
      const app = f.apps.find((a) => a.name === parts[1]);
      if (app) return { kind: 'tenant', tenant: app.tenant };
    }
    return { kind: 'platform' };
  }
  if (parts[0] === layout.tenantsDir && parts.length > 3 && parts[2] !== 'base')
    return { kind: 'tenant', tenant: parts[1]! };
  return { kind: 'platform' };
}

/**
 * CODEOWNERS patterns of what a tenant owns (see pathOwner), most general first.
 * The tenant's pattern is `/tenants/<t>/` followed by `*` and `/`: every directory
 * of the tenant (its stages, `envs`) but not files beside them, which are the
 * platform's like all of `tenants/<t>/base/`.
 */
export function tenantOwnedPatterns(fleet: Fleet, tenant: string): { pattern: string; owner: 'tenant' | 'platform' }[] {
  const apps = appNamesByTenant(fleet.apps).get(tenant) ?? [];
  return [
    ...apps.map((a) => ({ pattern: `/${layout.appDir(a)}/`, owner: 'tenant' as const })),
    { pattern: `/${layout.tenantDir(tenant)}/*/`, owner: 'tenant' as const },
    { pattern: `/${layout.tenantBaseDir(tenant)}/`, owner: 'platform' as const },
  ];
}

/**
 * Each tenant's app names, sorted, once per list of apps (a list is never
 * changed): CODEOWNERS asks for every tenant of a fleet, and scanning all apps
 * per tenant was 50,000 steps per render of the 1,000-env fleet (every plan
 * that may change CODEOWNERS renders it for the model before and after).
 */
function appNamesByTenant(apps: Fleet['apps']): ReadonlyMap<string, readonly string[]> {
  let byTenant = APP_NAMES_BY_TENANT.get(apps);
  if (!byTenant) {
    const names = new Map<string, string[]>();
    for (const a of apps) {
      const list = names.get(a.tenant);
      if (list) list.push(a.name);
      else names.set(a.tenant, [a.name]);
    }
    for (const list of names.values()) list.sort();
    APP_NAMES_BY_TENANT.set(apps, (byTenant = names));
  }
  return byTenant;
}
const APP_NAMES_BY_TENANT = new WeakMap<Fleet['apps'], ReadonlyMap<string, readonly string[]>>();

export interface ReviewDecision {
  readonly review: ReviewPath;
  /** Paths that made it a platform review (empty for `direct`). */
  readonly platformPaths: string[];
  /** What the actor may not do at all (Forbidden). */
  readonly forbidden: Diagnostic[];
}

/**
 * Decides the review path of a set of changes by an actor. The platform team
 * commits directly. A tenant commits directly only when every changed path is
 * its own; touching platform paths makes a pull request for platform review;
 * touching another tenant's paths is Forbidden. CODEOWNERS is the platform's
 * like every file outside the tenant's paths, whatever lines change (issue 22
 * item 2b): a tenant's own request leaves it as it is (plan.ts). A danger
 * finding of the plan's rendered diff (DANGER_CODES: a namespace removed, an
 * immutable field changed, ...) sends even a tenant's own request to review.
 */
export function decideReview(
  before: Fleet,
  after: Fleet,
  actor: Actor,
  changes: readonly FileChange[],
  /** The danger findings of the change's rendered diff. */
  dangers: readonly Diagnostic[] = [],
): ReviewDecision {
  if (actor.kind === 'platform') return { review: 'direct', platformPaths: [], forbidden: [] };
  const forbidden: Diagnostic[] = [];
  const platformPaths: string[] = [];
  for (const change of changes) {
    // The owner before the change wins: an app cannot be moved to another tenant by its new owner.
    const owner = pathOwner([before, after], change.path);
    if (owner.kind === 'tenant' && owner.tenant !== actor.tenant) {
      forbidden.push(
        diagnostic(
          'Forbidden',
          `tenant "${actor.tenant}" may not change ${change.path}: it belongs to tenant "${owner.tenant}"`,
          change.path,
        ),
      );
      continue;
    }
    if (owner.kind === 'tenant') continue;
    platformPaths.push(change.path);
  }
  return { review: platformPaths.length || dangers.length ? 'platform-review' : 'direct', platformPaths, forbidden };
}

/**
 * Permission before validation (issue 22 item 8b): a tenant asking about an app
 * of another tenant is Forbidden before anything else about the request is
 * checked, so it never learns that tenant's setup from a validation finding.
 * Planners call it first; unknown apps are left to their own lookup.
 */
export function requireAppAccess(fleet: Fleet, actor: Actor, app: string, path = 'app'): void {
  if (actor.kind !== 'tenant') return;
  const owner = fleet.apps.find((a) => a.name === app)?.tenant;
  if (owner !== undefined && owner !== actor.tenant) {
    throw new PlatterError(
      'Forbidden',
      `tenant "${actor.tenant}" may not change app "${app}": it belongs to tenant "${owner}"`,
      path,
    );
  }
}
