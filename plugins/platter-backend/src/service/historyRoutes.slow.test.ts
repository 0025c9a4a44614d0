import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { RepositoryHistory, RepositoryMirror } from '@platter/gitops-repo';
import { TestRemotes } from '@platter/gitops-repo/testing';
import type { HistoryRouteResponse } from '@platter/plugin-platter-common';
import request from 'supertest';
import { createHistoryRouter } from './historyRoutes';
import { RepositoryView } from './repositoryView';

// GET /history over real git: a bare remote seeded with the example fleet, the backend's depth-1 mirror and
// its history clone, hand commits pushed as another writer would.
jest.setTimeout(60_000);

let remotes: TestRemotes;
let app: express.Express;
const commits: string[] = [];
beforeAll(async () => {
  remotes = await TestRemotes.create();
  const remote = await remotes.newRemote();
  const cache = await remotes.newDir('cache');
  commits.push(await remotes.pushCommit(remote, { 'envs/prod-eu/notes.md': 'one\n' }, 'hand: prod-eu notes'));
  commits.push(await remotes.pushCommit(remote, { 'envs/staging-eu/notes.md': 'two\n' }, 'hand: staging notes'));
  const view = new RepositoryView(new RepositoryMirror({ url: remote }, { cacheDir: cache }));
  app = express();
  app.use(createHistoryRouter(view, new RepositoryHistory({ url: remote }, { cacheDir: cache })));
  app.use(MiddlewareFactory.create({ config: mockServices.rootConfig(), logger: mockServices.logger.mock() }).error());
});
afterAll(() => remotes.cleanup());

describe('GET /history', () => {
  it("an env's history, newest first, past the mirror's one commit", async () => {
    const r = await request(app).get('/history').query({ env: 'prod-eu' });
    expect(r.status).toBe(200);
    const body = r.body as HistoryRouteResponse;
    expect(body.commit).toBe(commits[1]);
    expect(body.entries[0]).toMatchObject({ commit: commits[0], source: 'hand', files: ['envs/prod-eu/notes.md'] });
    expect(body.entries.length).toBeGreaterThan(1);
    expect(body.entries.map((e) => e.title)).not.toContain('hand: staging notes');
  });

  it("a stage, limited: its own paths, not its envs' own", async () => {
    const body = (await request(app).get('/history').query({ stage: 'staging', limit: '1' })).body;
    expect((body as HistoryRouteResponse).entries).toHaveLength(1);
    expect((body as HistoryRouteResponse).entries[0]!.commit).not.toBe(commits[1]);
  });

  it.each([
    ['no subject', {}, 'InputError'],
    ['two subjects', { env: 'prod-eu', app: 'shop' }, 'InputError'],
    ['a limit over 200', { env: 'prod-eu', limit: '201' }, 'InputError'],
    ['a limit that is no number', { env: 'prod-eu', limit: '1e2' }, 'InputError'],
    ['an unknown env', { env: 'nowhere' }, 'InputError'],
  ])('refuses %s (400)', async (_name, query, name) => {
    const r = await request(app).get('/history').query(query);
    expect(r.status).toBe(400);
    expect(r.body.error.name).toBe(name);
  });
});
