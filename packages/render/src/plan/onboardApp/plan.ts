import {
  PlatterError,
  requireEnvironment,
  requireStage,
  requireTenant,
  type App,
  type ChangeRequest,
  type Deployment,
} from '@platter/model';
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
/**
 * Onboarding an app that exists (issue 22 item 8b) adds targets it is not at
 * yet; it never changes what it already has. A target it already runs at
 * another version, or another source, is AlreadyExists naming the request that
 * does that (promote, rollback); the same request again is empty.
 */
function refuseChangesToExisting(existing: App, r: OnboardAppRequest): void {
  const sameSource = JSON.stringify(existing.source) === JSON.stringify(r.source);
  if (!sameSource) {
    throw new PlatterError(
      'AlreadyExists',
      `app "${r.name}" already exists with another source: its source is not changed by onboarding (offboard it and onboard it again, or ask the platform team)`,
      `apps/${r.name}`,
    );
  }
  for (const t of r.targets) {
    const d = existing.deployments.find((x) => (t.stage !== undefined ? x.stage === t.stage : x.env === t.env));
    if (!d || d.version === r.version) continue;
    const where = t.stage !== undefined ? `stage ${t.stage}` : `env ${t.env}`;
    const flag = t.stage !== undefined ? `--stage ${t.stage}` : `--env ${t.env}`;
    throw new PlatterError(
      'AlreadyExists',
      `app "${r.name}" is already onboarded at ${where}, running ${d.version}: onboarding does not change its version. ` +
        `To run ${r.version} there, promote it (platter promote ${r.name} --to ${t.stage ?? t.env} --version ${r.version}) or, for an older version, roll back (platter rollback ${r.name} ${r.version} ${flag})`,
      'version',
    );
  }
}

type OnboardAppRequest = Extract<ChangeRequest, { kind: 'OnboardApp' }>;

export const planOnboardApp: Planner<'OnboardApp'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const existing = before.apps.find((a) => a.name === r.name);
  // Permission before validation (issue 22 item 8b): another tenant's app, or onboarding for another tenant, is
  // Forbidden before anything about that tenant's setup is looked up.
  if (
    ctx.actor.kind === 'tenant' &&
    (r.tenant !== ctx.actor.tenant || (existing && existing.tenant !== ctx.actor.tenant))
  ) {
    throw new PlatterError(
      'Forbidden',
      `tenant "${ctx.actor.tenant}" may not onboard app "${r.name}" for ${existing && existing.tenant !== ctx.actor.tenant ? `tenant "${existing.tenant}", which owns it` : `tenant "${r.tenant}"`}`,
      `apps/${r.name}`,
    );
  }
  const tenant = requireTenant(before, r.tenant, 'tenant');
  for (const t of r.targets) {
    if (t.stage !== undefined) requireStage(before, t.stage, 'targets');
    else requireEnvironment(before, t.env, 'targets');
  }
  if (existing && existing.tenant !== r.tenant) {
    throw new PlatterError(
      'DuplicateName',
      `app "${r.name}" already exists and belongs to tenant "${existing.tenant}"`,
      `apps/${r.name}`,
    );
  }
  if (existing) refuseChangesToExisting(existing, r);
  if ((existing?.source ?? r.source).type === 'image') {
    // An image app renders a Deployment, not a HelmRelease: its values would be dropped without a word.
    const given = Object.keys(r.values).filter((k) => Object.keys(r.values[k] ?? {}).length > 0);
    if (given.length)
      throw new PlatterError(
        'InvalidRequest',
        `app "${r.name}" runs an image, which takes no Helm values (given for ${given.join(', ')}): leave values out, or use a helm source`,
        'values',
      );
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
