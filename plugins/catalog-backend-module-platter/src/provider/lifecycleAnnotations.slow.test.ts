import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchedulerService, ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { parseRequest } from '@platter/model';
import { RepositoryMirror } from '@platter/gitops-repo';
import { TestRemotes } from '@platter/gitops-repo/testing';
import { plan } from '@platter/render';
import request from 'supertest';
import { catalogModulePlatter } from '../module';

/**
 * "Everything running a deprecated version" with Backstage's own catalog API
 * (issue 19 §2): the REAL catalog backend reads a real bare git remote where
 * ingress-nginx 1.0.0 (prod's version) is deprecated, and the catalog's filter
 * on the label platter.dev/runs-deprecated finds prod and its envs, nothing else.
 */
jest.setTimeout(90_000);

type MockScheduler = SchedulerService & { factory(): ServiceFactory<SchedulerService> };

it('the catalog filter on platter.dev/runs-deprecated finds prod and its envs', async () => {
  const remotes = await TestRemotes.create();
  const cacheDir = await mkdtemp(join(tmpdir(), 'platter-catalog-lifecycle-'));
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    const remote = await remotes.newRemote();
    const mirror = new RepositoryMirror({ url: remote }, { cacheDir: await remotes.newDir('planner-cache') });
    const p = plan(
      (await mirror.snapshot()).tree,
      parseRequest({
        kind: 'DeprecateComponentVersion',
        service: 'ingress-nginx',
        version: '1.0.0',
        sunset: '2099-12-31',
        message: 'Upgrade to 1.1.0',
      }),
    );
    await remotes.pushCommit(
      remote,
      Object.fromEntries(p.changes.map((c) => [c.path, c.op === 'delete' ? null : c.after!])),
      p.title,
    );
    const scheduler = mockServices.scheduler() as MockScheduler;
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        catalogModulePlatter,
        scheduler.factory(),
        mockServices.rootConfig.factory({
          data: { platter: { repository: { url: remote }, cacheDir, catalog: { refreshIntervalSeconds: 3600 } } },
        }),
      ],
    });
    const query = (filter: string) =>
      request(backend!.server).get('/api/catalog/entities/by-query').query({ filter, limit: 500 });
    const deadline = Date.now() + 30_000;
    let found: Entity[] = [];
    while (Date.now() < deadline) {
      found = (await query('metadata.labels.platter.dev/runs-deprecated=true')).body.items as Entity[];
      if (found.length >= 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(found.map((e) => e.metadata.name).sort()).toEqual(['env-prod-eu', 'env-prod-us', 'stage-prod']);
    const prodEu = found.find((e) => e.metadata.name === 'env-prod-eu')!;
    expect(prodEu.metadata.annotations).toMatchObject({
      'platter.dev/deprecated-versions': 'ingress-nginx@1.0.0',
      'platter.dev/sunset': '2099-12-31',
    });
    const staging = (await request(backend.server).get('/api/catalog/entities/by-name/resource/default/env-staging-eu'))
      .body as Entity;
    expect(staging.metadata.labels?.['platter.dev/runs-deprecated']).toBeUndefined();
  } finally {
    await backend?.stop();
    await remotes.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  }
});
