import Router from 'express-promise-router';
import type express from 'express';
import { InputError } from '@backstage/errors';
import { explainObject, type Explanation } from '@platter/render';
import { withBackstageErrors } from '@platter/plugin-platter-node';
import type { RepositoryView } from './repositoryView';

/** Response of `GET /explain`: render's Explanation at the snapshot's commit. */
export type ExplainRouteResponse = Explanation & { readonly commit: string };

/**
 * `GET /explain?env=<env>&object=<kind>/<namespace>/<name>&field=<path>` (issue 18):
 * why an object is in an env, the same explanation as `platter explain`, over the
 * mirror's latest snapshot. A cluster-scoped object is `<kind>/<name>`. 400 for a
 * missing or malformed parameter; an unknown env or object is the error its code
 * maps to (UnknownEnvironment, UnknownObject: 400).
 */
export function createExplainRouter(view: RepositoryView): express.Router {
  const router = Router();
  router.get('/explain', async (req, res) => {
    const q: Record<string, string | undefined> = {};
    for (const name of ['env', 'object', 'field']) {
      const v = req.query[name];
      if (v !== undefined && typeof v !== 'string')
        throw new InputError(`query parameter ${name} must be given once, as text`);
      q[name] = v || undefined;
    }
    const parts = q.object?.split('/') ?? [];
    if (!q.env || parts.length < 2 || parts.length > 3 || !parts[0] || !parts.at(-1)) {
      throw new InputError(
        'env and object are required: GET /explain?env=<env>&object=<kind>/<namespace>/<name> (cluster-scoped: <kind>/<name>)',
      );
    }
    const ref =
      parts.length === 3
        ? { kind: parts[0], namespace: parts[1]!, name: parts[2]! }
        : { kind: parts[0], name: parts[1]! };
    const snapshot = await view.snapshot();
    const explanation = await withBackstageErrors(() =>
      explainObject(snapshot.tree, q.env!, ref, q.field ? { field: q.field } : {}),
    );
    const body: ExplainRouteResponse = { commit: snapshot.commit, ...explanation };
    res.json(body);
  });
  return router;
}
