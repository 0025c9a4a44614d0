import { PlatterError, requireEnvironment, requireStage, requireTenant, type App, type Deployment } from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, upsertByName } from '../support';

/**
 * Plans OnboardApp: a tenant app bound to stages and/or single envs at one
 * version. Touches apps/<app>/**, the tenant's stage or env dirs (the app's Flux
 * Kustomization), CODEOWNERS, and for an env-only app the env's kustomization
 * (and its tenant config when the tenant is new there).
 * Rejects UnknownTenant/UnknownStage/UnknownEnvironment, DuplicateName (an app of
 * another tenant), InvalidRequest (Helm values for an image app, which has none), and through the rules TenantNotInStage, PrereleaseNotAllowed,
 * NamespaceNotOwned, UnknownDependency. Re-planning an applied request is empty;
 * onboarding an existing app into more targets adds them.
 */
export const planOnboardApp: Planner<'OnboardApp'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const tenant = requireTenant(before, r.tenant, 'tenant');
  for (const t of r.targets) {
    if (t.stage !== undefined) requireStage(before, t.stage, 'targets');
    else requireEnvironment(before, t.env, 'targets');
  }
  const existing = before.apps.find((a) => a.name === r.name);
  if (existing && existing.tenant !== r.tenant) {
    throw new PlatterError('DuplicateName', `app "${r.name}" already exists and belongs to tenant "${existing.tenant}"`, `apps/${r.name}`);
  }
  if ((existing?.source ?? r.source).type === 'image') {
    // An image app renders a Deployment, not a HelmRelease: its values would be dropped without a word.
    const given = Object.keys(r.values).filter((k) => Object.keys(r.values[k] ?? {}).length > 0);
    if (given.length) throw new PlatterError('InvalidRequest', `app "${r.name}" runs an image, which takes no Helm values (given for ${given.join(', ')}): leave values out, or use a helm source`, 'values');
  }
  const deployments: Deployment[] = [...(existing?.deployments ?? [])];
  for (const t of r.targets) {
    const where = t.stage !== undefined ? t.stage : t.env;
    if (deployments.some((d) => (t.stage !== undefined ? d.stage === t.stage : d.env === t.env))) continue;
    const values = Object.hasOwn(r.values, where) ? r.values[where] : undefined; // an env named `constructor` has no values
    deployments.push(
      t.stage !== undefined
        ? { stage: t.stage, version: r.version, ...(values ? { values } : {}) }
        : { env: t.env, version: r.version, ...(values ? { values } : {}) },
    );
  }
  const app: App = existing
    ? { ...existing, deployments }
    : {
        name: r.name,
        tenant: r.tenant,
        namespace: r.namespace ?? tenant.namespaces[0] ?? r.tenant,
        source: r.source,
        dependsOn: r.dependsOn,
        deployments,
      };
  const after = { ...before, apps: upsertByName(before.apps, r.name, () => app) };
  const envTargets = r.targets.filter((t) => t.env !== undefined).map((t) => t.env!);
  return { before, after, scope: { settings: true, apps: [r.name], tenants: [r.tenant], environments: envTargets } };
};
