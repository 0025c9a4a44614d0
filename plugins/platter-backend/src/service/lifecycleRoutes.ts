import Router from 'express-promise-router';
import type express from 'express';
import { InputError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  campaignProgress,
  campaignWaves,
  checkWaveSpecs,
  configuredWaves,
  lifecycleOfEnvironment,
  lifecycleReport,
  lifecycleSummary,
  parseCampaignSettings,
  type CampaignProgress,
  type FileTree,
  type Fleet,
  type LandedWave,
  type LifecycleReport,
} from '@platter/model';
import type { CampaignHistory, CampaignQuery } from '@platter/gitops-repo';
import { compatibilityMatrixOf, parseYamlValues, readFreezes, type MatrixCell } from '@platter/render';
import { withBackstageErrors } from '@platter/plugin-platter-node';
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

/** Response of `GET /campaign`: a campaign's waves at the snapshot's commit, and whether the next may open. */
export interface CampaignRouteResponse extends CampaignProgress<LandedWave> {
  readonly commit: string;
  readonly service: string;
  readonly version: string;
  /** The soak before a wave into each stage, in ms (platter.yaml stages[].promotion.soak). */
  readonly soakMs: Readonly<Record<string, number>>;
  /**
   * True when landing dates were read from the history clone (so `next.ready` applies the soak);
   * false when this backend has none (`next.ready` then ignores the soak).
   */
  readonly history: boolean;
}

/** Where GET /campaign reads landing dates (gitops-repo's RepositoryHistory). */
export type CampaignHistorySource = CampaignHistory;

/**
 * The lifecycle routes (issue 19), one registration in router.ts:
 *
 * `GET /menu/matrix?service=` (issue 19 §1): the compatibility matrix, a cell per
 * released version × stage: ok or fails (with the failing reasons), and whether
 * the stage runs it today. Static builds (`platter menu matrix --kustomize` runs
 * kubectl); computed once per commit and service.
 *
 * `GET /lifecycle[?env=]` (issue 19): platter.yaml's change freezes with whether each is
 * active now (the view's clock) and the envs it holds, and what is outdated per
 * stage and env (behind, deprecated, past sunset, apps behind the stage they
 * promote from). It grows with the fleet (12 MB at 1,000 envs), so the portal
 * asks for parts: the EnvironmentCard `?env=` (its env's part), the Menu page's
 * tab `GET /lifecycle/stages` (per stage, freezes with counts: model's lifecycleSummary).
 * Read-only over the mirror's last snapshot, computed once per commit and minute
 * (a freeze window or a sunset moves with the clock, not only with commits: see the key).
 *
 * `GET /campaign?service=&version=` (issue 19 §3): which waves of moving a
 * runtime service to a version have landed (platter.yaml's waves, canaries
 * included, else every stage running it in promotion order), when (from the
 * history clone: gitops-repo's readCampaign, the reading of `platter campaign
 * status`), and whether the next may open (the model's campaignProgress, the
 * one soak rule). Without a history source, the waves from the snapshot alone.
 */
export function createLifecycleRouter(view: RepositoryView, history?: Partial<CampaignHistorySource>): express.Router {
  const router = Router();
  /** The whole report at the snapshot, computed once per commit and minute. */
  const reportAt = async () => {
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
    return { body, fleet };
  };
  router.get('/lifecycle/stages', async (_req, res) => {
    const { body } = await reportAt();
    res.json({ commit: body.commit, ...lifecycleSummary(body) });
  });
  router.get('/lifecycle', async (req, res) => {
    const { env } = req.query;
    if (env !== undefined && (typeof env !== 'string' || !env))
      throw new InputError('env must be one environment name');
    const { body, fleet } = await reportAt();
    if (env === undefined) {
      res.json(body);
      return;
    }
    // One env's page: an answer whose size does not grow with the fleet.
    const environment = fleet.environments.find((e) => e.name === env);
    if (!environment) throw new NotFoundError(`no environment ${env} at ${body.commit.slice(0, 12)}`);
    res.json({ commit: body.commit, ...lifecycleOfEnvironment(body, environment) });
  });
  router.get('/campaign', async (req, res) => {
    const { service, version } = req.query;
    if (typeof service !== 'string' || !service || typeof version !== 'string' || !version)
      throw new InputError(
        'service and version are required, once each: GET /campaign?service=<component>&version=<version>',
      );
    const snapshot = await view.snapshot({ allowStale: true });
    const fleet = view.fleet(snapshot);
    if (!fleet) throw new ServiceUnavailableError(`platter.yaml does not parse at ${snapshot.commit.slice(0, 12)}`);
    if (!fleet.services.some((s) => s.name === service))
      throw new InputError(`UnknownRuntimeService: no runtime service "${service}" on the menu`);
    const campaign = { service, version };
    const status = history?.readCampaign
      ? await withBackstageErrors(() => history.readCampaign!(snapshot, fleet, campaign, { now: view.now() }))
      : undefined;
    const progress = status ?? withoutHistory(snapshot.tree, fleet, campaign, view.now());
    const body: CampaignRouteResponse = {
      commit: snapshot.commit,
      service,
      version,
      soakMs: progress.soakMs,
      waves: progress.waves,
      ...(progress.next ? { next: progress.next } : {}),
      done: progress.done,
      history: !!status,
    };
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

/** A campaign from the snapshot alone: no landing dates, so `ready` cannot apply the soak (`history: false`). */
function withoutHistory(tree: FileTree, fleet: Fleet, campaign: CampaignQuery, now: Date) {
  const text = tree.read('platter.yaml');
  const settings = parseCampaignSettings(text === undefined ? undefined : parseYamlValues(text)[0]);
  const specs = configuredWaves(fleet, campaign.service, settings);
  if (specs && checkWaveSpecs(fleet, specs, 'platter.yaml#spec.campaigns.waves').some((d) => d.severity === 'error'))
    throw new InputError(
      'platter.yaml spec.campaigns.waves names a stage or env that does not exist (platter validate)',
    );
  return {
    soakMs: settings.soakMs,
    ...campaignProgress(campaignWaves(fleet, campaign.service, campaign.version, specs), settings.soakMs, now),
  };
}
