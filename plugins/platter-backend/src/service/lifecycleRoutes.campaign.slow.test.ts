import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { RepositoryHistory, RepositoryMirror } from '@platter/gitops-repo';
import { TestRemotes } from '@platter/gitops-repo/testing';
import { RepoHarness } from '@platter/render/testing';
import request from 'supertest';
import { createLifecycleRouter, type CampaignRouteResponse } from './lifecycleRoutes';
import { RepositoryView } from './repositoryView';

// GET /campaign over real git (issue 19 §3): a bare remote whose first commit already ran staging's wave of a
// campaign with a canary, the backend's depth-1 mirror, and the history clone the landing dates come from. The
// clock is the view's, set relative to the commit's real date: the route applies prod's 24h soak to it.
jest.setTimeout(60_000);

let remotes: TestRemotes;
let remote: string;
let cache: string;
beforeAll(async () => {
  const h = RepoHarness.example();
  h.apply({ kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0' });
  h.editYaml('platter.yaml', (doc) => {
    doc.spec.stages[1].promotion = { soak: '24h' };
    doc.spec.campaigns = { waves: [{ stage: 'staging' }, { stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }] };
  });
  h.apply({ kind: 'UpgradeCampaign', service: 'cert-manager', version: '1.1.0' }); // wave 1: staging
  remotes = await TestRemotes.create(h.tree);
  remote = await remotes.newRemote();
  cache = await remotes.newDir('cache');
});
afterAll(() => remotes.cleanup());

const appAt = (now: () => Date) => {
  const view = new RepositoryView(new RepositoryMirror({ url: remote }, { cacheDir: cache }), now);
  const app = express();
  app.use(createLifecycleRouter(view, new RepositoryHistory({ url: remote }, { cacheDir: cache })));
  app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  return app;
};
const campaign = async (now: Date) =>
  (
    await request(appAt(() => now))
      .get('/campaign')
      .query({ service: 'cert-manager', version: '1.1.0' })
  ).body as CampaignRouteResponse;

it('the canary wave soaks 24h after staging landed, by the date Git gives', async () => {
  const landedAt = Date.parse((await campaign(new Date())).waves[0]!.landedAt!);
  const inside = await campaign(new Date(landedAt + 3_600_000));
  expect(inside).toMatchObject({ history: true, done: false });
  expect(inside.waves.map((w) => [w.name, w.landed])).toEqual([
    ['staging', true],
    ['prod-eu', false],
    ['prod', false],
  ]);
  expect(inside.next).toEqual({
    wave: 'prod-eu',
    stage: 'prod',
    ready: false,
    readyAt: new Date(landedAt + 86_400_000).toISOString(),
    soakMs: 86_400_000,
  });
  expect((await campaign(new Date(landedAt + 86_400_000))).next).toMatchObject({ wave: 'prod-eu', ready: true });
});
