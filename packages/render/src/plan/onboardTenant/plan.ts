import {
  checkName,
  findTenant,
  layout,
  PlatterError,
  RequestRejected,
  requireStage,
  stageEnvironments,
  type Diagnostic,
  type Fleet,
  type Tenant,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, upsertByName } from '../support';

/**
 * Plans OnboardTenant: a new tenant team into stages, or an existing tenant into
 * more stages.
 *
 * Touches platter.yaml (the tenant entry), CODEOWNERS (a new tenant's lines),
 * tenants/<t>/base/** (namespaces, service account + RoleBinding, the `platter`
 * GitRepository per namespace), tenants/<t>/<stage>/kustomization.yaml per new
 * stage, stages/<stage>/kustomization.yaml (lists the tenant dir), and the
 * tenant-config.yaml of every env of those stages (a `platter-env` ConfigMap per
 * tenant namespace). Everything but tenants/<t>/<stage>/** is a platform path,
 * so a tenant asking for itself gets platform review; a tenant asking for
 * another tenant is Forbidden (tenants/<other>/<stage>/** is the other's).
 *
 * An existing tenant only gains stages: the owner must be the same, and
 * codeowners and namespaces, when given, must be the ones it has (empty means
 * "as they are"); anything else is DuplicateName, since changing who owns a
 * tenant is not an onboarding.
 *
 * Rejects InvalidName/ReservedName/ReservedNamespace (tenant and namespace names,
 * before any path is built), UnknownStage, DuplicateName, and through the rules
 * NamespaceCollision (a namespace another tenant or a runtime component owns)
 * and InvalidName (owner reference). Re-planning an applied request is empty.
 */
export const planOnboardTenant: Planner<'OnboardTenant'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const bad = [
    checkName('tenant', r.name, 'name'),
    ...r.namespaces.map((ns, i) => checkName('namespace', ns, `namespaces.${i}`)),
  ].filter((d): d is Diagnostic => !!d);
  if (bad.length) throw new RequestRejected(bad);
  for (const s of r.stages) requireStage(before, s, 'stages');

  const existing = findTenant(before, r.name);
  if (existing) {
    const differences: string[] = [];
    const same = (a: readonly string[], b: readonly string[]) =>
      [...new Set(a)].sort().join(' ') === [...new Set(b)].sort().join(' ');
    if (existing.owner !== r.owner) differences.push(`owner ${existing.owner}`);
    if (r.codeowners.length && !same(existing.codeowners, r.codeowners))
      differences.push(`codeowners ${existing.codeowners.join(' ') || '(none)'}`);
    if (r.namespaces.length && !same(existing.namespaces, r.namespaces))
      differences.push(`namespaces ${existing.namespaces.join(', ')}`);
    if (differences.length) {
      throw new PlatterError(
        'DuplicateName',
        `tenant "${r.name}" already exists with ${differences.join('; ')}: onboarding only adds stages to a tenant, it does not change who owns it`,
        `${layout.settings}#tenants.${r.name}`,
      );
    }
  }

  const added = [...new Set(r.stages)].filter((s) => !existing?.stages.includes(s));
  if (existing && added.length === 0) return { before, after: before, scope: { stages: [] } };

  const tenant: Tenant = existing
    ? { ...existing, stages: [...existing.stages, ...added] }
    : {
        name: r.name,
        owner: r.owner,
        codeowners: [...r.codeowners],
        namespaces: r.namespaces.length ? [...new Set(r.namespaces)] : [r.name],
        stages: added,
      };
  const after: Fleet = { ...before, tenants: upsertByName(before.tenants, r.name, () => tenant) };
  const environments = added.flatMap((s) => stageEnvironments(before, s).map((e) => e.name));
  return {
    before,
    after,
    scope: { settings: true, tenants: [r.name], stages: added, environments },
  };
};
