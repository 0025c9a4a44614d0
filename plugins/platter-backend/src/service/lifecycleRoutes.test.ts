import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { lifecycleSummary } from '@platter/model';
import { exampleRepository } from '@platter/render';
import { RepoHarness } from '@platter/render/testing';
import request from 'supertest';
import {
  createLifecycleRouter,
  type CampaignRouteResponse,
  type LifecycleRouteResponse,
  type MatrixRouteResponse,
} from './lifecycleRoutes';
import { RepositoryView } from './repositoryView';

function appOver(tree: ReturnType<typeof exampleRepository>, now: Date) {
  const view = new RepositoryView(
    { snapshot: async () => ({ commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', tree, fetchedAt: new Date(0) }) },
    () => now,
  );
  const app = express();
  app.use(createLifecycleRouter(view));
  app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  return app;
}

describe('GET /lifecycle', () => {
  const h = RepoHarness.example().editYaml('platter.yaml', (doc) => {
    doc.spec.freezes = [
      { name: 'black-friday', stages: ['prod'], from: '2026-11-27', until: '2026-11-30', reason: 'Black Friday' },
    ];
  });

  it.each([
    ['during the freeze', '2026-11-28T09:00:00Z', true],
    ['after it', '2026-12-01T09:00:00Z', false],
  ])('%s: freezes with their state, outdated per stage and env', async (_n, at, active) => {
    const r = await request(appOver(h.tree, new Date(at))).get('/lifecycle');
    expect(r.status).toBe(200);
    const body = r.body as LifecycleRouteResponse;
    expect(body.commit).toMatch(/^c0ffee/);
    expect(body.at).toBe(new Date(at).toISOString());
    expect(body.freezes).toEqual([
      expect.objectContaining({ name: 'black-friday', active, reaches: ['prod-eu', 'prod-us'] }),
    ]);
    expect(body.outdated.environments.find((e) => e.env === 'prod-eu')!.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ reason: 'behind', subject: 'ingress-nginx', newer: '1.1.0' })]),
    );
  });

  it("?env= answers that env's part only: its freezes, its items and its stage's", async () => {
    const app = appOver(h.tree, new Date('2026-11-28T09:00:00Z'));
    const whole = (await request(app).get('/lifecycle')).body as LifecycleRouteResponse;
    const r = await request(app).get('/lifecycle').query({ env: 'prod-eu' });
    expect(r.status).toBe(200);
    const body = r.body as LifecycleRouteResponse;
    expect(body.commit).toBe(whole.commit);
    expect(body.freezes).toEqual([
      expect.objectContaining({ name: 'black-friday', active: true, reaches: ['prod-eu'] }),
    ]);
    expect(body.outdated.environments).toEqual(whole.outdated.environments.filter((e) => e.env === 'prod-eu'));
    expect(body.outdated.stages).toEqual(whole.outdated.stages.filter((s) => s.stage === 'prod'));
  });

  it('/lifecycle/stages answers per stage: freezes with how many envs they hold, no env names', async () => {
    const app = appOver(h.tree, new Date('2026-11-28T09:00:00Z'));
    const whole = (await request(app).get('/lifecycle')).body as LifecycleRouteResponse;
    const r = await request(app).get('/lifecycle/stages');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ commit: whole.commit, ...lifecycleSummary(whole) });
    expect(r.body.freezes).toEqual([expect.objectContaining({ name: 'black-friday', active: true, holds: 2 })]);
    expect(JSON.stringify(r.body)).not.toContain('prod-eu');
  });

  it.each([
    ['an unknown env', '/lifecycle?env=nowhere', 404],
    ['an env given twice', '/lifecycle?env=prod-eu&env=prod-us', 400],
    ['an empty env', '/lifecycle?env=', 400],
  ])('%s is a %i', async (_n, url, status) => {
    expect((await request(appOver(h.tree, new Date('2026-11-28T09:00:00Z'))).get(url)).status).toBe(status);
  });
});

describe('GET /menu/matrix', () => {
  const app = appOver(RepoHarness.example().tree, new Date('2026-11-27T12:00:00Z'));

  it('a cell per version × stage, ok or fails, used today or not', async () => {
    const r = await request(app).get('/menu/matrix').query({ service: 'ingress-nginx' });
    expect(r.status).toBe(200);
    const body = r.body as MatrixRouteResponse;
    expect(body.stages).toEqual(['staging', 'prod']);
    expect(body.cells.map((c) => [c.version, c.stage, c.status, c.used])).toEqual([
      ['1.0.0', 'staging', 'ok', false],
      ['1.0.0', 'prod', 'ok', true],
      ['1.1.0', 'staging', 'ok', true],
      ['1.1.0', 'prod', 'ok', false],
    ]);
  });

  it('a query parameter given twice is a 400', async () => {
    expect((await request(app).get('/menu/matrix?service=a&service=b')).status).toBe(400);
  });
});

describe('GET /campaign', () => {
  const h = RepoHarness.example().editYaml('platter.yaml', (doc) => {
    doc.spec.stages[1].promotion = { soak: '24h' };
    doc.spec.campaigns = { waves: [{ stage: 'staging' }, { stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }] };
  });
  const app = appOver(h.tree, new Date('2026-11-27T12:00:00Z'));

  // Without a history source the snapshot gives the waves but no landing dates: the soak is not applied
  // (lifecycleRoutes.campaign.slow.test.ts reads them from a real history clone).
  it("platter.yaml's waves, canary included, which landed, which is next, the soak per stage", async () => {
    const r = await request(app).get('/campaign').query({ service: 'ingress-nginx', version: '1.1.0' });
    expect(r.status).toBe(200);
    const body = r.body as CampaignRouteResponse;
    expect(body).toMatchObject({
      soakMs: { staging: 0, prod: 86_400_000 },
      next: { wave: 'prod-eu', stage: 'prod', ready: true, soakMs: 86_400_000 },
      done: false,
      history: false,
    });
    expect(body.waves).toEqual([
      { name: 'staging', stage: 'staging', current: '1.1.0', landed: true },
      { name: 'prod-eu', stage: 'prod', envs: ['prod-eu'], current: '1.0.0', pending: ['prod-eu'], landed: false },
      { name: 'prod', stage: 'prod', current: '1.0.0', landed: false },
    ]);
  });

  it.each([
    ['no version', { service: 'ingress-nginx' }],
    ['an unknown service', { service: 'nope', version: '1.0.0' }],
  ])('%s: 400', async (_n, query) => {
    expect((await request(app).get('/campaign').query(query)).status).toBe(400);
  });
});
