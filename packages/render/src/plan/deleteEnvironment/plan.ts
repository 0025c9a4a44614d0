import { diagnostic, findEnvironment, known, layout, type Diagnostic, type Fleet } from '@platter/model';
import type { Planner } from '../types';
import { loadFleet, NOTHING } from '../support';

/**
 * Plans DeleteEnvironment: removes one cluster and everything that is only its own.
 *
 * Touches platter.yaml (its entry), .sops.yaml (its creation rule), envs/<env>/**
 * (all of it: kustomization, config, secrets, flux-system, unmanaged files too),
 * and every env-only app deployment to it: apps/<app>/envs/<env>/**,
 * tenants/<t>/envs/<env>/** (CODEOWNERS does not change: it names apps, not envs).
 * Stages, the menu and stage-bound apps are untouched: the stage simply has one
 * env less.
 *
 * An app whose only deployment was in this env keeps its apps/<app>/base (the
 * tenant's code and values are the tenant's to remove, with OffboardApp); the
 * plan says so with one warning per such app.
 *
 * Re-applied (the env is gone) it plans nothing, with an AlreadyAbsent warning that
 * still shows a typo.
 */
export const planDeleteEnvironment: Planner<'DeleteEnvironment'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const env = findEnvironment(before, r.name);
  if (!env) {
    const warning = diagnostic(
      'AlreadyAbsent',
      `environment "${r.name}" does not exist (known: ${known(before.environments.map((e) => e.name))}): nothing to delete`,
      'name',
    );
    return { before, after: before, scope: NOTHING, diagnostics: [warning] };
  }
  const touched = before.apps.filter((a) => a.deployments.some((d) => d.env === env.name));
  const apps = before.apps.map((a) =>
    touched.includes(a) ? { ...a, deployments: a.deployments.filter((d) => d.env !== env.name) } : a,
  );
  const after: Fleet = { ...before, environments: before.environments.filter((e) => e.name !== env.name), apps };

  const diagnostics: Diagnostic[] = apps
    .filter((a) => touched.some((t) => t.name === a.name) && a.deployments.length === 0)
    .map((a) => ({
      code: 'AppNotDeployed',
      severity: 'warning',
      message: `app "${a.name}" (tenant ${a.tenant}) was deployed only to environment "${env.name}": it is no longer deployed anywhere, its ${layout.appBaseDir(a.name)} stays (onboard it elsewhere, or offboard it with OffboardApp)`,
      path: layout.appBaseKustomization(a.name),
    }));
  const tenants = [...new Set(touched.map((a) => a.tenant))].sort();
  return {
    before,
    after,
    scope: { settings: true, tenants, apps: touched.map((a) => a.name) },
    diagnostics,
  };
};
