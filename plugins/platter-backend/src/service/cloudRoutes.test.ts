import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { parseRequest } from '@platter/model';
import { exampleRepository, plan } from '@platter/render';
import type { CloudClassResponse, CloudClassesResponse, CloudResourcesResponse } from '@platter/plugin-platter-common';
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

  it.each<[string, string, number, string | undefined, string | undefined]>([
    // prod folds its limits in: backups required (read-only), retention at least 30; it commits directly.
    ['a stage ref', '/cloud/classes/s3-bucket?target=resource:default/stage-prod', 200, 'prod', 'direct Orphan'],
    [
      "an env ref: the env's stage",
      '/cloud/classes/s3-bucket?target=resource:default/env-staging-eu',
      200,
      'staging',
      'direct Delete',
    ],
    ['a name', '/cloud/classes/postgres?version=2.1.0&target=prod', 200, 'prod', 'review Orphan'],
    // What PlatterEntityPicker of stages and envs holds (the CLI's names).
    ['stage:<name>', '/cloud/classes/s3-bucket?target=stage:prod', 200, 'prod', 'direct Orphan'],
    ["env:<name>: the env's stage", '/cloud/classes/s3-bucket?target=env:staging-eu', 200, 'staging', 'direct Delete'],
    ['env:<name> of a stage', '/cloud/classes/s3-bucket?target=env:prod', 404, undefined, undefined],
    ['no target: the class schema as it is', '/cloud/classes/s3-bucket', 200, undefined, undefined],
    ['an unknown class', '/cloud/classes/mysql?target=prod', 404, undefined, undefined],
    ['an unknown version', '/cloud/classes/s3-bucket?version=9.9.9', 404, undefined, undefined],
    ['an unknown env', '/cloud/classes/s3-bucket?target=resource:default/env-nope', 404, undefined, undefined],
    ['a ref of something else', '/cloud/classes/s3-bucket?target=component:default/shop', 400, undefined, undefined],
  ])('GET /cloud/classes/<class>: %s', async (_name, url, status, stage, policy) => {
    const r = await request(server).get(url);
    expect(r.status).toBe(status);
    if (status !== 200) return;
    const body = r.body as CloudClassResponse;
    expect(body.stage).toBe(stage);
    expect(body.policy && `${body.policy.review ? 'review' : 'direct'} ${body.policy.deletionPolicy}`).toBe(policy);
    const props = body.schema['properties'] as Record<string, any>;
    if (stage === 'prod' && body.class.name === 's3-bucket') {
      expect(props['backups']).toMatchObject({ const: true, default: true, readOnly: true });
      expect(props['retentionDays']).toMatchObject({ minimum: 30, default: 30 });
    } else if (stage === undefined) expect(body.schema).toEqual(body.class.parameters);
  });
});
