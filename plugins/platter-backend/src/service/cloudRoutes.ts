import Router from 'express-promise-router';
import type express from 'express';
import { InputError, NotFoundError } from '@backstage/errors';
import { readCloudClasses, readCloudResources } from '@platter/render';
import type { CloudClassesResponse, CloudResourcesResponse } from '@platter/plugin-platter-common';
import type { RepositoryView } from './repositoryView';

/**
 * The routes the Menu page's cloud classes tab and the app card's cloud
 * resources read (issue 21), over the mirror's latest snapshot, computed once
 * per commit:
 *
 * - `GET /cloud/classes`: every class version of the menu (cloud/<class>/<version>/class.yaml)
 *   with its backend, parameters, stage policies, outputs and lifecycle;
 * - `GET /cloud/resources?app=<app>`: the app's resources per stage and env, each
 *   with its class, backend, connection Secret and deletionPolicy. An unknown app is a 404.
 */
export function createCloudRouter(view: RepositoryView): express.Router {
  const router = Router();

  router.get('/cloud/classes', async (_req, res) => {
    const snapshot = await view.snapshot({ allowStale: true });
    const body: CloudClassesResponse = view.answer(snapshot, 'cloud/classes', () => ({
      commit: snapshot.commit,
      ...readCloudClasses(snapshot.tree),
    }));
    res.json(body);
  });

  router.get('/cloud/resources', async (req, res) => {
    const app = req.query.app;
    if (typeof app !== 'string' || !app) throw new InputError('app is required once (GET /cloud/resources?app=<app>)');
    const snapshot = await view.snapshot({ allowStale: true });
    const model = view.fleet(snapshot)?.apps.find((a) => a.name === app);
    if (!model) throw new NotFoundError(`app "${app}" not found at ${snapshot.commit.slice(0, 12)}`);
    const body: CloudResourcesResponse = view.answer(snapshot, `cloud/resources/${app}`, () => ({
      commit: snapshot.commit,
      app,
      resources: readCloudResources(snapshot.tree, model),
    }));
    res.json(body);
  });

  return router;
}
