import Router from 'express-promise-router';
import type express from 'express';
import { InputError, NotFoundError } from '@backstage/errors';
import { cloudParameterSchema, cloudStagePolicy, type Fleet } from '@platter/model';
import { pickCloudClass, readCloudClasses, readCloudResources } from '@platter/render';
import { targetOfFormValue } from '@platter/plugin-platter-node';
import {
  type CloudClassResponse,
  type CloudClassesResponse,
  type CloudResourcesResponse,
} from '@platter/plugin-platter-common';
import type { RepositoryView } from './repositoryView';

/**
 * The routes the Menu page's cloud classes tab and the app card's cloud
 * resources read (issue 21), over the mirror's latest snapshot, computed once
 * per commit:
 *
 * - `GET /cloud/classes`: every class version of the menu (cloud/<class>/<version>/class.yaml)
 *   with its backend, parameters, stage policies, outputs and lifecycle;
 * - `GET /cloud/classes/<class>?version=&target=`: one class version as the request form asks for it
 *   (the named version, else the newest stable), with the target's stage (`target`: a stage or env
 *   entity ref as the form's EntityPicker gives it, or a stage or env name), the parameter schema
 *   with that stage's limits folded in, and the stage's policy. An unknown class, version or target is a 404;
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

  router.get('/cloud/classes/:name', async (req, res) => {
    const { name } = req.params;
    const version = typeof req.query.version === 'string' && req.query.version ? req.query.version : undefined;
    const target = typeof req.query.target === 'string' && req.query.target ? req.query.target : undefined;
    const snapshot = await view.snapshot({ allowStale: true });
    const { classes } = view.answer(snapshot, 'cloud/classes/all', () => readCloudClasses(snapshot.tree));
    const cls = pickCloudClass(classes, name, version);
    if (!cls) {
      const known = [...new Set(classes.map((c) => c.name))].join(', ') || 'none';
      throw new NotFoundError(
        `cloud class "${name}"${version ? ` ${version}` : ''} is not on the menu (known: ${known})`,
      );
    }
    const stage = target === undefined ? undefined : stageOfTarget(view.fleet(snapshot), target);
    const body: CloudClassResponse = {
      commit: snapshot.commit,
      class: cls,
      schema: cloudParameterSchema(cls, stage),
      ...(stage !== undefined
        ? { stage, policy: { ...cloudStagePolicy(cls, stage), listed: cls.stages[stage] !== undefined } }
        : {}),
    };
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

/**
 * The stage a form's target is in: what the form's field holds (`stage:<name>`, `env:<name>`, a stage or env
 * entity ref: the actions' rule, targetOfFormValue) or a bare name, a stage's or else an env's.
 */
function stageOfTarget(fleet: Fleet | undefined, target: string): string {
  let named: { stage?: string; env?: string } = {};
  if (target.includes(':')) {
    try {
      named = targetOfFormValue(target, 'target');
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  const kind = named.stage !== undefined ? 'stage' : named.env !== undefined ? 'env' : undefined;
  const name = named.stage ?? named.env ?? target;
  if (kind !== 'env' && fleet?.stages.some((s) => s.name === name)) return name;
  const env = kind !== 'stage' ? fleet?.environments.find((e) => e.name === name) : undefined;
  if (env) return env.stage;
  throw new NotFoundError(
    `target "${target}": no such ${kind === 'env' ? 'environment' : (kind ?? 'stage or environment')}`,
  );
}
