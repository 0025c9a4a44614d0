import Router from 'express-promise-router';
import type express from 'express';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { componentSource, type Diagnostic, type Fleet } from '@platter/model';
import {
  fleetOverview,
  MAX_ENVIRONMENTS_PAGE,
  menuOverview,
  menuUsage,
  pageStageEnvironments,
  stageDriftLines,
  versionEnvironments,
} from '@platter/render';
import type {
  FleetOverviewResponse,
  MenuEnvironmentsResponse,
  MenuOverviewResponse,
  MenuRouteResponse,
  StageEnvironmentsResponse,
} from '@platter/plugin-platter-common';
import type { RepositorySnapshot } from '@platter/gitops-repo';
import { withBackstageErrors } from '@platter/plugin-platter-node';
import type { RepositoryView } from './repositoryView';

/**
 * The routes the Menu page and the fleet overview read (issue 24), over the
 * mirror's latest snapshot. Each answer is bounded whatever the fleet's size:
 *
 * - `GET /menu`: every runtime component, version by version, with lifecycle,
 *   addons and how many stages, envs and apps use it (counts, not env lists).
 * - `GET /menu/overview?q=&stage=&env=&app=`: one row per component version with
 *   its lifecycle, addons and counts per stage (envs, envs overriding addons, apps).
 * - `GET /menu/environments?service=&version=&stage=&env=&app=&offset=&limit=`:
 *   one page (at most 500) of the envs running a version.
 * - `GET /fleet`: stages × components, the version each stage runs and how many
 *   of its envs differ from it.
 * - `GET /stage/environments?stage=&drifting=true&offset=&limit=`: one page (at
 *   most 500) of a stage's envs with their drift lines (the stage page's envs; the
 *   stage entity carries only their count).
 *
 * A query parameter given twice, or a non-integer offset/limit, is a 400. The
 * answers read the mirror's last snapshot without waiting for git (a commit
 * shows one read late) and are computed once per commit.
 */
export function createMenuRouter(view: RepositoryView): express.Router {
  const router = Router();

  // Read-only answers: the last snapshot at once (git fetches for the next read), each answer computed once per commit.
  const readFleet = async (): Promise<{ snapshot: RepositorySnapshot; fleet: Fleet }> => {
    const snapshot = await view.snapshot({ allowStale: true });
    const fleet = view.fleet(snapshot);
    if (!fleet) throw unreadable(snapshot.commit, view.parse(snapshot).diagnostics);
    return { snapshot, fleet };
  };

  router.get('/menu', async (_req, res) => {
    const { snapshot, fleet } = await readFleet();
    res.json(view.answer(snapshot, 'menu', () => menuAnswer(snapshot.commit, fleet)));
  });

  router.get('/menu/overview', async (req, res) => {
    const q = params(req, ['q', 'stage', 'env', 'app']);
    const { snapshot, fleet } = await readFleet();
    const body: MenuOverviewResponse = view.answer(snapshot, `menu/overview${JSON.stringify(q)}`, () => ({
      commit: snapshot.commit,
      ...menuOverview(fleet, { text: q.q, stage: q.stage, env: q.env, app: q.app }),
    }));
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

  router.get('/stage/environments', async (req, res) => {
    const q = params(req, ['stage', 'drifting', 'offset', 'limit']);
    if (!q.stage) throw new InputError('stage is required (GET /stage/environments?stage=<stage>)');
    if (q.drifting !== undefined && q.drifting !== 'true' && q.drifting !== 'false')
      throw new InputError(`drifting must be true or false (got "${q.drifting}")`);
    const offset = integer('offset', q.offset, 0, Number.MAX_SAFE_INTEGER);
    const limit = integer('limit', q.limit, 1, MAX_ENVIRONMENTS_PAGE);
    const { snapshot, fleet } = await readFleet();
    const stage = q.stage;
    // Drift compares every env of the stage with its siblings: computed once per commit and stage, paged per call.
    const all = await withBackstageErrors(() =>
      view.answer(snapshot, `stage/environments${JSON.stringify(stage)}`, () => stageDriftLines(fleet, stage)),
    );
    const page = pageStageEnvironments(all, {
      stage,
      drifting: q.drifting === 'true',
      ...(offset !== undefined ? { offset } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    const body: StageEnvironmentsResponse = { commit: snapshot.commit, ...page };
    res.json(body);
  });

  router.get('/fleet', async (_req, res) => {
    const { snapshot, fleet } = await readFleet();
    const body: FleetOverviewResponse = view.answer(snapshot, 'fleet', () => ({
      commit: snapshot.commit,
      ...fleetOverview(fleet),
    }));
    res.json(body);
  });

  return router;
}

/** `GET /menu`: the menu with each version's usage as counts per stage (menuUsage's env lists counted). */
function menuAnswer(commit: string, fleet: Fleet): MenuRouteResponse {
  return {
    commit,
    components: fleet.services.map((svc) => {
      const usage = menuUsage(fleet, svc.name);
      return {
        name: svc.name,
        versions: usage.versions.map((u) => {
          const v = svc.versions.find((x) => x.version === u.version)!;
          return {
            version: v.version,
            ...(v.description ? { description: v.description } : {}),
            namespace: v.namespace,
            source: componentSource(v),
            ...(v.chart ? { chart: v.chart } : {}),
            lifecycle: v.lifecycle,
            addons: v.addons.map((a) => ({
              name: a.name,
              ...(a.description ? { description: a.description } : {}),
              conflictsWith: a.conflictsWith,
            })),
            dependsOn: v.dependsOn,
            requires: v.requires,
            usage: {
              stages: u.stages,
              environments: u.environments.length,
              apps: u.apps,
              placements: u.placements.map((p) => ({
                stage: p.stage,
                addons: p.addons,
                environments: p.environments.length,
                overridden: fleet.environments.filter(
                  (e) => e.stage === p.stage && e.addonOverrides.some((o) => o.service === svc.name),
                ).length,
              })),
            },
          };
        }),
        unused: usage.unused,
      };
    }),
  };
}

function unreadable(commit: string, diagnostics: readonly Diagnostic[]): Error {
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
  const why = first ? `: ${first.code}${first.path ? ` ${first.path}` : ''}` : '';
  return new ServiceUnavailableError(
    `the repository at ${commit.slice(0, 12)} does not parse${why} (GET /diagnostics lists every finding)`,
  );
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
