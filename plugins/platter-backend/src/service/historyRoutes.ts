import Router from 'express-promise-router';
import type express from 'express';
import { InputError } from '@backstage/errors';
import type { FileTree } from '@platter/model';
import type { HistoryEntry, HistorySubject } from '@platter/gitops-repo';
import type { HistoryRouteResponse } from '@platter/plugin-platter-common';
import { withBackstageErrors } from '@platter/plugin-platter-node';
import type { CampaignHistorySource } from './lifecycleRoutes';
import type { RepositoryView } from './repositoryView';

/** What the history route needs (gitops-repo's RepositoryHistory has it; and readCampaign, for GET /campaign). */
export interface HistorySource extends Partial<CampaignHistorySource> {
  read(
    snapshot: { readonly commit: string; readonly tree: FileTree },
    subject: HistorySubject,
    options?: { readonly limit?: number },
  ): Promise<HistoryEntry[]>;
}

/** Entries of one answer: the default, and the most a caller may ask for. */
export const HISTORY_LIMITS = { default: 50, max: 200 } as const;

/**
 * `GET /history?env=<env>|stage=<stage>|app=<app>&limit=<n>` (issue 18): who
 * changed what the subject builds from, and when, newest first (the same
 * entries as `platter history`), at the mirror's latest commit, read from the
 * history clone (RepositoryHistory: the mirror itself keeps one commit). 400
 * unless exactly one subject is named or for a bad limit; an unknown env,
 * stage or app is the error its code maps to (400).
 */
export function createHistoryRouter(view: RepositoryView, history: HistorySource): express.Router {
  const router = Router();
  router.get('/history', async (req, res) => {
    const q: Record<string, string | undefined> = {};
    for (const name of ['env', 'stage', 'app', 'limit']) {
      const v = req.query[name];
      if (v !== undefined && typeof v !== 'string')
        throw new InputError(`query parameter ${name} must be given once, as text`);
      q[name] = v || undefined;
    }
    const named = (['env', 'stage', 'app'] as const).filter((k) => q[k] !== undefined);
    if (named.length !== 1)
      throw new InputError('name exactly one of env, stage or app: GET /history?env=<env>&limit=<n>');
    const limit = q.limit === undefined ? HISTORY_LIMITS.default : Number(q.limit);
    if (!/^\d*$/.test(q.limit ?? '') || limit < 1 || limit > HISTORY_LIMITS.max)
      throw new InputError(`limit must be an integer from 1 to ${HISTORY_LIMITS.max} (got "${q.limit}")`);
    const key = named[0]!;
    const subject = { [key]: q[key]! } as HistorySubject;
    const snapshot = await view.snapshot();
    const entries = await withBackstageErrors(() => history.read(snapshot, subject, { limit }));
    const body: HistoryRouteResponse = { commit: snapshot.commit, entries };
    res.json(body);
  });
  return router;
}
