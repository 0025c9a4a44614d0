import Router from 'express-promise-router';
import type express from 'express';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type { Fleet } from '@platter/model';
import { fleetOverview, MAX_ENVIRONMENTS_PAGE, menuOverview, versionEnvironments } from '@platter/render';
import type {
  FleetOverviewResponse,
  MenuEnvironmentsResponse,
  MenuOverviewResponse,
} from '@platter/plugin-platter-common';
import type { RepositorySnapshot } from '@platter/gitops-repo';
import type { RepositoryView } from './repositoryView';

/**
 * The routes the Menu page and the fleet overview read (issue 24), over the
 * mirror's latest snapshot. Each answer is bounded whatever the fleet's size:
 *
 * - `GET /menu/overview?q=&stage=&env=&app=`: one row per component version with
 *   its lifecycle, addons and counts per stage (envs, envs overriding addons, apps).
 * - `GET /menu/environments?service=&version=&stage=&env=&app=&offset=&limit=`:
 *   one page (at most 500) of the envs running a version.
 * - `GET /fleet`: stages × components, the version each stage runs and how many
 *   of its envs differ from it.
 *
 * A query parameter given twice, or a non-integer offset/limit, is a 400.
 */
export function createMenuRouter(view: RepositoryView): express.Router {
  const router = Router();

  const readFleet = async (): Promise<{ snapshot: RepositorySnapshot; fleet: Fleet }> => {
    const snapshot = await view.snapshot();
    const fleet = view.fleet(snapshot);
    if (!fleet)
      throw new ServiceUnavailableError(
        `the repository at ${snapshot.commit.slice(0, 12)} does not parse (GET /diagnostics lists every finding)`,
      );
    return { snapshot, fleet };
  };

  router.get('/menu/overview', async (req, res) => {
    const q = params(req, ['q', 'stage', 'env', 'app']);
    const { snapshot, fleet } = await readFleet();
    const overview = menuOverview(fleet, { text: q.q, stage: q.stage, env: q.env, app: q.app });
    const body: MenuOverviewResponse = { commit: snapshot.commit, ...overview };
    res.json(body);
  });

  router.get('/menu/environments', async (req, res) => {
    const q = params(req, ['service', 'version', 'stage', 'env', 'app', 'offset', 'limit']);
    if (!q.service || !q.version)
      throw new InputError(
        'service and version are required (GET /menu/environments?service=<component>&version=<version>)',
      );
    const offset = integer('offset', q.offset, 0, Number.MAX_SAFE_INTEGER);
    const limit = integer('limit', q.limit, 1, MAX_ENVIRONMENTS_PAGE);
    const { snapshot, fleet } = await readFleet();
    const page = versionEnvironments(fleet, {
      service: q.service,
      version: q.version,
      stage: q.stage,
      env: q.env,
      app: q.app,
      ...(offset !== undefined ? { offset } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    const body: MenuEnvironmentsResponse = {
      commit: snapshot.commit,
      ...page,
      items: page.items.map((i) => ({
        env: i.env,
        stage: i.stage,
        addons: i.addons,
        overrides: i.overrides.map((o) => ({ addon: o.addon, action: o.action })),
      })),
    };
    res.json(body);
  });

  router.get('/fleet', async (_req, res) => {
    const { snapshot, fleet } = await readFleet();
    const body: FleetOverviewResponse = { commit: snapshot.commit, ...fleetOverview(fleet) };
    res.json(body);
  });

  return router;
}

/** The named string parameters of a query (absent or empty: undefined); repeated ones are refused. */
function params<K extends string>(req: express.Request, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const name of names) {
    const v = req.query[name];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string') throw new InputError(`query parameter ${name} must be given once, as text`);
    out[name] = v;
  }
  return out;
}

function integer(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw new InputError(`${name} must be an integer from ${min} to ${max} (got "${v}")`);
  return n;
}
