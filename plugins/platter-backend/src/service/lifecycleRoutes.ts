import Router from 'express-promise-router';
import type express from 'express';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { lifecycleReport, type LifecycleReport } from '@platter/model';
import { compatibilityMatrixOf, readFreezes, type MatrixCell } from '@platter/render';
import type { RepositoryView } from './repositoryView';

/** Response of `GET /lifecycle`: the model's LifecycleReport at the snapshot's commit. */
export type LifecycleRouteResponse = LifecycleReport & { readonly commit: string };

/** Response of `GET /menu/matrix`: a cell per version × stage (the combinations stay server-side: bounded). */
export interface MatrixRouteResponse {
  readonly commit: string;
  readonly stages: readonly string[];
  readonly cells: readonly MatrixCell[];
  readonly sample?: { readonly total: number; readonly checked: number; readonly rule: string };
}

/**
 * `GET /menu/matrix?service=` (issue 19 §1): the compatibility matrix, a cell per
 * released version × stage: ok or fails (with the failing reasons), and whether
 * the stage runs it today. Static builds (`platter menu matrix --kustomize` runs
 * kubectl); computed once per commit and service.
 *
 * `GET /lifecycle` (issue 19): platter.yaml's change freezes with whether each is
 * active now (the view's clock) and the envs it holds, and what is outdated per
 * stage and env (behind, deprecated, past sunset, apps behind the stage they
 * promote from). The EnvironmentCard's and the Menu page's badges read it.
 * Read-only over the mirror's last snapshot, computed once per commit and minute
 * (a freeze window or a sunset moves with the clock, not only with commits: see the key).
 */
/** The routes above (one registration in router.ts). */
export function createLifecycleRouter(view: RepositoryView): express.Router {
  const router = Router();
  router.get('/lifecycle', async (_req, res) => {
    const snapshot = await view.snapshot({ allowStale: true });
    const fleet = view.fleet(snapshot);
    if (!fleet) throw new ServiceUnavailableError(`platter.yaml does not parse at ${snapshot.commit.slice(0, 12)}`);
    const now = view.now();
    // Freezes start and end at any instant: key by the minute so an answer is never more than a minute stale.
    const key = `lifecycle@${now.toISOString().slice(0, 16)}`;
    const body: LifecycleRouteResponse = view.answer(snapshot, key, () => ({
      commit: snapshot.commit,
      ...lifecycleReport(fleet, readFreezes(snapshot.tree).freezes, now),
    }));
    res.json(body);
  });
  router.get('/menu/matrix', async (req, res) => {
    const service = req.query.service;
    if (service !== undefined && typeof service !== 'string')
      throw new InputError('query parameter service must be given once, as text');
    const snapshot = await view.snapshot({ allowStale: true });
    const fleet = view.fleet(snapshot);
    if (!fleet) throw new ServiceUnavailableError(`platter.yaml does not parse at ${snapshot.commit.slice(0, 12)}`);
    const body: MatrixRouteResponse = view.answer(snapshot, `menu/matrix?${service ?? ''}`, () => {
      const m = compatibilityMatrixOf(snapshot.tree, service ? { service } : {});
      return {
        commit: snapshot.commit,
        stages: fleet.stages.map((s) => s.name),
        cells: m.cells,
        ...(m.sample ? { sample: m.sample } : {}),
      };
    });
    res.json(body);
  });
  return router;
}
