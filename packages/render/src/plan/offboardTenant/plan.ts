import {
  diagnostic,
  known,
  layout,
  PlatterError,
  RequestRejected,
  requireStage,
  findTenant,
  stageEnvironments,
  type App,
  type Diagnostic,
  type Fleet,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, NOTHING } from '../support';

/**
 * Plans OffboardTenant: removes a tenant from some stages, or entirely.
 *
 * From stages: touches tenants/<t>/<stage>/** (removed),
 * stages/<stage>/kustomization.yaml (no longer lists it) and the tenant-config
 * of the stage's envs (its `platter-env` ConfigMaps go, unless an env-only app
 * keeps the tenant there). Apps bound to those stages must have been offboarded
 * from them first; with `cascade` their deployments there are removed
 * (apps/<app>/<stage>/**), and an app left without any deployment keeps its
 * apps/<app>/base, with a warning (as DeleteEnvironment does). Env-only
 * deployments are not stage bindings and stay. Stages the tenant is not in are
 * skipped, so re-planning an applied request is empty.
 *
 * Entirely: also platter.yaml (its entry), CODEOWNERS (its lines) and all of
 * tenants/<t>/**. The tenant must have no apps left, or `cascade` removes them
 * (apps/<app>/** and their tenant Kustomizations, including env-only ones and
 * the envs' references to them).
 *
 * Re-applied (the tenant is gone) it plans nothing, with an AlreadyAbsent warning.
 * Rejects UnknownStage, InvalidRequest (an empty `stages` list: leave it out to offboard
 * the whole tenant), and TenantHasApps (naming the apps) without `cascade`.
 */
export const planOffboardTenant: Planner<'OffboardTenant'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const tenant = findTenant(before, r.name);
  if (!tenant) {
    const warning = diagnostic(
      'AlreadyAbsent',
      `tenant "${r.name}" does not exist (known: ${known(before.tenants.map((t) => t.name))}): nothing to offboard`,
      'name',
    );
    return { before, after: before, scope: NOTHING, diagnostics: [warning] };
  }
  const own = before.apps.filter((a) => a.tenant === tenant.name);

  if (r.stages === undefined) {
    if (own.length && !r.cascade) {
      throw new PlatterError(
        'TenantHasApps',
        `tenant "${tenant.name}" still has apps ${own.map((a) => a.name).join(', ')}: offboard them first, or ask for cascade`,
        layout.tenantDir(tenant.name),
      );
    }
    const after: Fleet = {
      ...before,
      tenants: before.tenants.filter((t) => t !== tenant),
      apps: before.apps.filter((a) => a.tenant !== tenant.name),
    };
    const envOnly = own.flatMap((a) => a.deployments.flatMap((d) => (d.env !== undefined ? [d.env] : [])));
    return {
      before,
      after,
      scope: {
        settings: true,
        stages: [...tenant.stages],
        environments: [
          ...new Set([...tenant.stages.flatMap((s) => stageEnvironments(before, s).map((e) => e.name)), ...envOnly]),
        ].sort(),
        tenants: [],
        apps: [],
      },
    };
  }

  if (r.stages.length === 0) {
    throw new RequestRejected([
      diagnostic(
        'InvalidRequest',
        'OffboardTenant: stages is empty: leave it out to offboard the whole tenant',
        'stages',
      ),
    ]);
  }
  for (const s of r.stages) requireStage(before, s, 'stages');
  const removed = tenant.stages.filter((s) => r.stages!.includes(s));
  if (removed.length === 0) return { before, after: before, scope: { stages: [] } };

  const bound = own.filter((a) => a.deployments.some((d) => d.stage !== undefined && removed.includes(d.stage)));
  if (bound.length && !r.cascade) {
    throw new PlatterError(
      'TenantHasApps',
      `tenant "${tenant.name}" still has apps bound to ${removed.join(', ')}: ${bound.map((a) => a.name).join(', ')}; offboard them from there first, or ask for cascade`,
      layout.tenantStageDir(tenant.name, removed[0]!),
    );
  }
  const unbind = (a: App): App => ({
    ...a,
    deployments: a.deployments.filter((d) => d.stage === undefined || !removed.includes(d.stage)),
  });
  const apps = before.apps.map((a) => (bound.includes(a) ? unbind(a) : a));
  const after: Fleet = {
    ...before,
    tenants: before.tenants.map((t) =>
      t === tenant ? { ...t, stages: t.stages.filter((s) => !removed.includes(s)) } : t,
    ),
    apps,
  };
  const diagnostics: Diagnostic[] = apps
    .filter((a) => bound.some((b) => b.name === a.name) && a.deployments.length === 0)
    .map((a) => ({
      code: 'AppNotDeployed',
      severity: 'warning',
      message: `app "${a.name}" was bound only to ${removed.join(', ')}: it is no longer deployed anywhere, its ${layout.appBaseDir(a.name)} stays (offboard it with OffboardApp)`,
      path: layout.appBaseKustomization(a.name),
    }));
  return {
    before,
    after,
    scope: {
      stages: removed,
      environments: removed.flatMap((s) => stageEnvironments(before, s).map((e) => e.name)),
      tenants: [tenant.name],
      apps: bound.map((a) => a.name),
    },
    diagnostics,
  };
};
