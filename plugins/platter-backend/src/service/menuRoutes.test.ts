import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import type { Environment, Fleet } from '@platter/model';
import { exampleRepository, parseRepository, render } from '@platter/render';
import type {
  FleetOverviewResponse,
  MenuEnvironmentsResponse,
  MenuOverviewResponse,
  StageEnvironmentsResponse,
} from '@platter/plugin-platter-common';
import request from 'supertest';
import { createMenuRouter } from './menuRoutes';
import { RepositoryView } from './repositoryView';

/**
 * The menu routes over an in-memory snapshot: the example fleet, and the same
 * fleet with 1,000 more prod envs, where no answer may grow with the env count
 * beyond the one page asked for. Errors go through Backstage's error middleware.
 */
function appOver(tree: ReturnType<typeof exampleRepository>) {
  const view = new RepositoryView({
    snapshot: async () => ({ commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', tree, fetchedAt: new Date(0) }),
  });
  const app = express();
  app.use(createMenuRouter(view));
  app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  return app;
}

const withProdEnvs = (f: Fleet, n: number): Fleet => {
  const eu = f.environments.find((e) => e.name === 'prod-eu')!;
  const more: Environment[] = Array.from({ length: n }, (_, i) => ({
    ...eu,
    name: `prod-x${String(i).padStart(4, '0')}`,
    path: `envs/prod-x${String(i).padStart(4, '0')}`,
  }));
  return { ...f, environments: [...f.environments, ...more] };
};

describe('menu routes', () => {
  const small = appOver(exampleRepository());
  let large: express.Express;
  beforeAll(() => {
    const base = exampleRepository();
    const fleet = parseRepository(base).model!;
    large = appOver(render(withProdEnvs(fleet, 1000), base));
  });

  it('GET /menu/overview: counts per stage, narrowed by the filter', async () => {
    const all = await request(small).get('/menu/overview');
    expect(all.status).toBe(200);
    const body = all.body as MenuOverviewResponse;
    expect(body.commit).toMatch(/^c0ffee/);
    expect(body.rows.map((r) => `${r.service}@${r.version}`)).toEqual([
      'cert-manager@1.0.0',
      'external-dns@1.0.0',
      'ingress-nginx@1.0.0',
      'ingress-nginx@1.1.0',
      'monitoring-agent@1.0.0',
    ]);
    expect(body.rows.map((r) => r.source)).toEqual(['helm', 'helm', 'helm', 'helm', 'manifests']);
    expect(body.rows[2]!.stages).toEqual([
      { stage: 'prod', addons: ['metrics'], environments: 2, overridden: 1, apps: 1 },
    ]);

    const us = (await request(small).get('/menu/overview').query({ env: 'prod-us', q: 'ingress' }))
      .body as MenuOverviewResponse;
    expect(us.rows.map((r) => [r.version, r.environments])).toEqual([['1.0.0', 1]]);
  });

  it('GET /menu/environments: one page of a version’s envs', async () => {
    const res = await request(small)
      .get('/menu/environments')
      .query({ service: 'ingress-nginx', version: '1.0.0', limit: '1', offset: '1' });
    expect(res.status).toBe(200);
    const body = res.body as MenuEnvironmentsResponse;
    expect([body.total, body.offset, body.limit]).toEqual([2, 1, 1]);
    expect(body.items).toEqual([
      { env: 'prod-us', stage: 'prod', addons: [], overrides: [{ addon: 'metrics', action: 'disable' }] },
    ]);
  });

  it('GET /fleet: stages × components', async () => {
    const body = (await request(small).get('/fleet')).body as FleetOverviewResponse;
    expect(body.stages.map((s) => [s.name, s.environments])).toEqual([
      ['staging', 1],
      ['prod', 2],
    ]);
    expect(
      body.components.find((c) => c.service === 'ingress-nginx')!.cells.map((c) => [c.version, c.differing]),
    ).toEqual([
      ['1.1.0', 0],
      ['1.0.0', 1],
    ]);
  });

  it('answers at 1,000 more envs in the same size, apart from the one page', async () => {
    for (const path of ['/menu', '/menu/overview', '/fleet']) {
      const [a, b] = [await request(small).get(path), await request(large).get(path)];
      expect(b.status).toBe(200);
      expect(b.text.length).toBeLessThan(a.text.length + 100);
    }
    const page = (
      await request(large).get('/menu/environments').query({ service: 'cert-manager', version: '1.0.0', limit: '20' })
    ).body as MenuEnvironmentsResponse;
    expect(page.total).toBe(1003);
    expect(page.items).toHaveLength(20);
  });

  it('GET /stage/environments: one page of a stage’s envs with their drift (the stage page reads them here)', async () => {
    const all = (await request(small).get('/stage/environments').query({ stage: 'prod' }))
      .body as StageEnvironmentsResponse;
    expect([all.stage, all.total, all.drifting]).toEqual(['prod', 2, 1]);
    expect(all.items).toEqual([
      { env: 'prod-eu', drift: [] },
      { env: 'prod-us', drift: ['addon ingress-nginx/metrics disabled here only'] },
    ]);
    const drifting = (await request(small).get('/stage/environments').query({ stage: 'prod', drifting: 'true' }))
      .body as StageEnvironmentsResponse;
    expect(drifting.items.map((i) => i.env)).toEqual(['prod-us']);

    const page = (await request(large).get('/stage/environments').query({ stage: 'prod', limit: '20', offset: '40' }))
      .body as StageEnvironmentsResponse;
    expect([page.total, page.offset, page.items.length]).toEqual([1002, 40, 20]);
  });

  it.each([
    ['no stage', {}, 'InputError'],
    ['an unknown stage', { stage: 'prdo' }, 'InputError'],
    ['drifting that is not a boolean', { stage: 'prod', drifting: 'yes' }, 'InputError'],
    ['a limit over 500', { stage: 'prod', limit: '501' }, 'InputError'],
  ])('GET /stage/environments refuses %s (400)', async (_name, query, name) => {
    const res = await request(small).get('/stage/environments').query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe(name);
  });

  it('answers from the snapshot it is given without asking for a fresh one, once per commit', async () => {
    const tree = exampleRepository();
    const asked: unknown[] = [];
    let commit = 'a'.repeat(40);
    const view = new RepositoryView({
      snapshot: async (options) => (asked.push(options), { commit, branch: 'main', tree, fetchedAt: new Date(0) }),
    });
    const app = express().use(createMenuRouter(view));
    const first = (await request(app).get('/menu/overview')).body as MenuOverviewResponse;
    expect((await request(app).get('/menu/overview')).body).toEqual(first);
    commit = 'b'.repeat(40);
    expect(((await request(app).get('/menu/overview')).body as MenuOverviewResponse).commit).toBe(commit);
    expect(asked).toEqual([{ allowStale: true }, { allowStale: true }, { allowStale: true }]);
  });

  it.each([
    ['no version', { service: 'ingress-nginx' }],
    ['a limit over 500', { service: 'ingress-nginx', version: '1.0.0', limit: '501' }],
    ['a negative offset', { service: 'ingress-nginx', version: '1.0.0', offset: '-1' }],
    ['a parameter twice', 'service=ingress-nginx&version=1.0.0&env=a&env=b'],
  ])('GET /menu/environments refuses %s (400)', async (_name, query) => {
    const res = await request(small).get('/menu/environments').query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
  });
});
