import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { parseRequest } from '@platter/model';
import { exampleRepository, plan } from '@platter/render';
import type { CloudClassesResponse, CloudResourcesResponse } from '@platter/plugin-platter-common';
import request from 'supertest';
import { createCloudRouter } from './cloudRoutes';
import { RepositoryView } from './repositoryView';

/** The cloud routes over an in-memory snapshot: the example fleet with one bucket of shop in staging. */
function appOver(tree: ReturnType<typeof exampleRepository>) {
  const view = new RepositoryView({
    snapshot: async () => ({ commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', tree, fetchedAt: new Date(0) }),
  });
  const app = express();
  app.use(createCloudRouter(view));
  app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  return app;
}

describe('cloud routes', () => {
  const tree = exampleRepository();
  tree.apply(
    plan(
      tree,
      parseRequest({
        kind: 'AddCloudResource',
        app: 'shop',
        target: { stage: 'staging' },
        name: 'assets',
        class: 's3-bucket',
      }),
    ).changes,
  );
  const server = appOver(tree);

  it('GET /cloud/classes: the menu classes of both backends', async () => {
    const r = await request(server).get('/cloud/classes');
    expect(r.status).toBe(200);
    const body = r.body as CloudClassesResponse;
    expect(body.classes.map((c) => `${c.name}@${c.version} ${c.backend.type}`)).toEqual([
      'postgres@2.1.0 terraform',
      's3-bucket@1.0.0 crossplane',
    ]);
    expect(body.diagnostics).toEqual([]);
  });

  it.each<[string, string, number, string[]]>([
    ['an app with a bucket', '/cloud/resources?app=shop', 200, ['assets staging s3-bucket assets-connection Delete']],
    ['an app without any', '/cloud/resources?app=billing', 200, []],
    ['an unknown app', '/cloud/resources?app=nope', 404, []],
    ['no app', '/cloud/resources', 400, []],
  ])('GET /cloud/resources: %s', async (_name, url, status, resources) => {
    const r = await request(server).get(url);
    expect(r.status).toBe(status);
    if (status === 200)
      expect(
        (r.body as CloudResourcesResponse).resources.map(
          (x) => `${x.name} ${x.stage ?? x.env} ${x.class} ${x.connectionSecret} ${x.deletionPolicy}`,
        ),
      ).toEqual(resources);
  });
});
