import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { exampleRepository } from '@platter/render';
import request from 'supertest';
import { createSourceRouter } from './sourceRoutes';

/** The demo's View Source over an in-memory snapshot of the example repository. */
function app() {
  const tree = exampleRepository();
  const a = express();
  a.use(
    '/api/platter',
    createSourceRouter({
      snapshot: async () => ({ commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', tree, fetchedAt: new Date(0) }),
    }),
  );
  a.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
  return { a, tree };
}

describe('GET /source (View Source of a repository without a web host)', () => {
  const { a, tree } = app();

  it("lists an env's directory at the mirrored commit, with links down and up", async () => {
    const res = await request(a).get('/api/platter/source/envs/prod-eu/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('c0ffee');
    expect(res.text).toContain('href="/api/platter/source/envs/prod-eu/kustomization.yaml"');
    expect(res.text).toContain('href="/api/platter/source/envs/"');
    for (const f of tree.list('envs/prod-eu').filter((p) => !p.slice('envs/prod-eu/'.length).includes('/'))) {
      expect(res.text).toContain(f.slice('envs/prod-eu/'.length));
    }
  });

  it('shows a file as plain text', async () => {
    const res = await request(a).get('/api/platter/source/envs/prod-eu/kustomization.yaml');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/plain');
    expect(res.text).toBe(tree.read('envs/prod-eu/kustomization.yaml'));
  });

  it('lists the root', async () => {
    const res = await request(a).get('/api/platter/source');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/api/platter/source/envs/"');
  });

  it.each([
    ['a path that does not exist', '/api/platter/source/envs/nowhere/'],
    ['a path out of the tree', '/api/platter/source/..%2F..%2Fetc/passwd'],
  ])('404 for %s', async (_name, path) => {
    expect((await request(a).get(path)).status).toBe(404);
  });
});
