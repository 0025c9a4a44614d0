import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchedulerService, ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { parseRequest } from '@platter/model';
import { RepositoryMirror } from '@platter/gitops-repo';
import { TestRemotes } from '@platter/gitops-repo/testing';
import { DEMO_AGE_RECIPIENT, plan } from '@platter/render';
import request from 'supertest';
import { catalogModulePlatter } from './module';
import { PlatterEntityProvider } from './provider';

/**
 * The module inside the REAL catalog backend (in-memory SQLite) reading a real
 * bare git remote seeded with the example fleet (`platter init`'s content):
 * entities appear through the catalog API only once the catalog has processed
 * and accepted them, so this also proves they pass the catalog's validation.
 */
jest.setTimeout(60_000);

type MockScheduler = SchedulerService & { factory(): ServiceFactory<SchedulerService> };

describe('catalog-backend-module-platter in the catalog backend', () => {
  let remotes: TestRemotes;
  let remote: string;
  let cacheDir: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const scheduler = mockServices.scheduler() as MockScheduler;
  const taskId = `${PlatterEntityProvider.PROVIDER_NAME}:refresh`;

  beforeAll(async () => {
    remotes = await TestRemotes.create();
    remote = await remotes.newRemote();
    cacheDir = await mkdtemp(join(tmpdir(), 'platter-catalog-test-'));
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
  });
  afterAll(async () => {
    await backend?.stop();
    await remotes?.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const resources = async (): Promise<Entity[]> => {
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-query')
      .query({ filter: 'kind=resource', limit: 500 });
    expect(res.status).toBe(200);
    return res.body.items as Entity[];
  };
  /** Polls the catalog until `done` holds (processing and stitching are asynchronous). */
  const waitFor = async (done: (es: Entity[]) => boolean, what: string): Promise<Entity[]> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const es = await resources();
      if (done(es)) return es;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; catalog has: ${es.map((e) => e.metadata.name).join(', ') || 'nothing'}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const names = (es: Entity[]) => es.map((e) => e.metadata.name).sort();
  const commitOf = (es: Entity[], name: string) =>
    es.find((e) => e.metadata.name === name)?.metadata.annotations?.['platter.dev/commit'];

  it('shows the example fleet after the startup refresh, accepted by the catalog', async () => {
    const head = await remotes.git(remote, 'rev-parse', 'main');
    const es = await waitFor((x) => x.length === 9, 'the 9 example entities');
    expect(names(es)).toEqual([
      'component-cert-manager',
      'component-external-dns',
      'component-ingress-nginx',
      'component-monitoring-agent',
      'env-prod-eu',
      'env-prod-us',
      'env-staging-eu',
      'stage-prod',
      'stage-staging',
    ]);
    expect(commitOf(es, 'env-prod-eu')).toBe(head);

    const env = (await request(backend.server).get('/api/catalog/entities/by-name/resource/default/env-prod-us'))
      .body as Entity;
    expect(env.spec).toMatchObject({
      type: 'environment',
      owner: 'group:default/platform-team',
      platter: { stage: 'prod', drift: ['addon ingress-nginx/metrics disabled here only'] },
    });
    expect(env.relations).toEqual(
      expect.arrayContaining([
        { type: 'ownedBy', targetRef: 'group:default/platform-team' },
        { type: 'dependsOn', targetRef: 'resource:default/stage-prod' },
      ]),
    );
    // An env depends on its stage, which depends on the components: no component gathers a relation per env.
    expect(env.relations).not.toContainEqual({
      type: 'dependsOn',
      targetRef: 'resource:default/component-ingress-nginx',
    });
    // Nothing left unprocessed with errors.
    const stage = (await request(backend.server).get('/api/catalog/entities/by-name/resource/default/stage-prod'))
      .body as Entity;
    expect(stage.relations).toEqual(
      expect.arrayContaining([{ type: 'dependencyOf', targetRef: 'resource:default/env-prod-eu' }]),
    );
  });

  it('shows an env added by a commit after the next refresh', async () => {
    const mirror = new RepositoryMirror({ url: remote }, { cacheDir: await remotes.newDir('planner-cache') });
    const snapshot = await mirror.snapshot();
    const p = plan(
      snapshot.tree,
      parseRequest({
        kind: 'CreateEnvironment',
        name: 'staging-ap',
        stage: 'staging',
        ageRecipients: [DEMO_AGE_RECIPIENT],
        config: { cluster_name: 'staging-ap', region: 'ap-southeast-2' },
      }),
    );
    const commit = await remotes.pushCommit(
      remote,
      Object.fromEntries(p.changes.map((c) => [c.path, c.op === 'delete' ? null : c.after!])),
      p.title,
    );

    await scheduler.triggerTask(taskId);
    const es = await waitFor((x) => x.some((e) => e.metadata.name === 'env-staging-ap'), 'env-staging-ap');
    const added = es.find((e) => e.metadata.name === 'env-staging-ap')!;
    expect(added.metadata.title).toBe('staging-ap');
    expect(added.spec).toMatchObject({ type: 'environment', platter: { stage: 'staging', region: 'ap-southeast-2' } });
    await waitFor((x) => commitOf(x, 'stage-staging') === commit, 'stage-staging at the new commit');
    const stage = (await resources()).find((e) => e.metadata.name === 'stage-staging')!;
    // A stage entity counts its envs (issue 24: it does not grow with the fleet); the StageCard pages them.
    expect((stage.spec!.platter as { environmentCount: number }).environmentCount).toBe(2);
  });

  it('keeps the last good entities after a commit that breaks the repository', async () => {
    const good = await remotes.git(remote, 'rev-parse', 'main');
    const before = await waitFor(
      (x) => x.length === 10 && x.every((e) => commitOf([e], e.metadata.name) === good),
      'all 10 entities at the last good commit',
    );

    await remotes.pushCommit(remote, { 'platter.yaml': 'spec: [unclosed\n' }, 'break platter.yaml');
    await scheduler.triggerTask(taskId);
    // No mutation was applied: give the engine a few processing rounds to show otherwise.
    await new Promise((r) => setTimeout(r, 2_000));
    const after = await resources();
    expect(names(after)).toEqual(names(before));
    expect(after.every((e) => commitOf([e], e.metadata.name) === good)).toBe(true);
  });
});
