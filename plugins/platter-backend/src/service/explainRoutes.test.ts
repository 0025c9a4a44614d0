import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { exampleRepository } from '@platter/render';
import request from 'supertest';
import { createExplainRouter, type ExplainRouteResponse } from './explainRoutes';
import { RepositoryView } from './repositoryView';

function appOver(tree: ReturnType<typeof exampleRepository>) {
  const view = new RepositoryView({
    snapshot: async () => ({ commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', tree, fetchedAt: new Date(0) }),
  });
  const app = express();
  app.use(createExplainRouter(view));
  app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  return app;
}

describe('GET /explain', () => {
  const app = appOver(exampleRepository());

  it('explains an object of an env at the snapshot, with the value each step gave a field', async () => {
    const r = await request(app)
      .get('/explain')
      .query({ env: 'prod-eu', object: 'HelmRelease/team-a/shop', field: 'spec.chart.spec.version' });
    expect(r.status).toBe(200);
    const body = r.body as ExplainRouteResponse;
    expect(body.commit).toMatch(/^c0ffee/);
    expect(body.appliedBy).toBe('team-a/shop');
    expect(body.steps.find((s) => s.step === 'patch')).toMatchObject({
      file: 'apps/shop/prod/release.yaml',
      value: '1.2.0',
    });
    expect(body.gaps).toEqual([]);
  });

  it.each([
    ['no object', { env: 'prod-eu' }, 400],
    ['a malformed object', { env: 'prod-eu', object: 'HelmRelease' }, 400],
    ['an unknown env', { env: 'nope', object: 'Namespace/cert-manager' }, 400],
    ['an object the env does not have', { env: 'prod-eu', object: 'Deployment/team-b/billing' }, 400],
  ])('%s: %s', async (_name, query, status) => {
    const r = await request(app).get('/explain').query(query);
    expect(r.status).toBe(status);
  });
});
