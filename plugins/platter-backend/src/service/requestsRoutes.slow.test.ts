import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  startGitHttpServer,
  startGithubStandIn,
  startGitlabStandIn,
  TestRemotes,
  type GitHttpServer,
  type ReviewStandIn,
} from '@platter/gitops-repo/testing';
import { reviewHostFor } from '@platter/plugin-platter-node';
import type { RequestsRouteResponse } from '@platter/plugin-platter-common';
import request from 'supertest';
import { startPlatterTestBackend, type PlatterTestBackend } from './testing/platterTestBackend';

/**
 * `GET /requests` with a review host (issue 20): the GitOps remote is private
 * (`git http-backend` behind a loopback server that wants the integration's
 * token as Basic credentials: the mirror and the review-branch clone get it from
 * Backstage's integrations), and GitHub is its stand-in on 127.0.0.1 (github.com
 * cannot be reached from here). Three backends: the host reachable, the host
 * refusing (a revoked token), and a remote no integration serves.
 */
jest.setTimeout(60_000);

const TOKEN = 'ghp_standinTOKEN0123456789';
const GROUPS: Record<string, string[]> = {
  'user:default/ops': ['group:default/platform-team'],
  'user:default/jane': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
};
const as = (user: string) => ({ Authorization: mockCredentials.user.header(user) });

const ADDON_BRANCH = 'platter/enable-addon/ingress-nginx-internal-lb-prod-eu';
const CONFIG_BRANCH = 'platter/set-config/prod-us';
const TENANT_BRANCH = 'platter/update-tenant/team-a';

let remotes: TestRemotes;
let remote: string;
let git: GitHttpServer;
let openGit: GitHttpServer;
let standIn: ReviewStandIn;
let cacheDir: string;
/** `http://127.0.0.1:<port>/<owner>/<repo>.git`: the remote as Backstage's integrations see it. */
let remoteUrl: string;
let owner: string;
let repo: string;
const backends: PlatterTestBackend[] = [];

const integrationsFor = (apiBaseUrl: string) => ({
  github: [{ host: new URL(remoteUrl).host, apiBaseUrl, token: TOKEN }],
});
const startBackend = async (url: string, integrations?: object) => {
  const backend = await startPlatterTestBackend({
    remote: url,
    cacheDir: await mkdtemp(join(cacheDir, 'b-')),
    groupsOf: (user) => GROUPS[user] ?? [],
    ...(integrations ? { config: { integrations } } : {}),
  });
  backends.push(backend);
  return backend;
};
const list = async (backend: PlatterTestBackend, user: string, query = '') => {
  const res = await request(backend.server).get(`/api/platter/requests${query}`).set(as(user));
  expect(res.status).toBe(200);
  return res.body as RequestsRouteResponse;
};
const pullListings = () => standIn.requests.filter((r) => r.startsWith(`GET /repos/${owner}/${repo}/pulls?`)).length;

beforeAll(async () => {
  remotes = await TestRemotes.create();
  remote = await remotes.newRemote();
  cacheDir = await mkdtemp(join(tmpdir(), 'platter-requests-test-'));
  // Served as /<owner>/<repo>.git: the remote's directory is the owner, as on GitHub.
  owner = basename(dirname(remote));
  repo = basename(remote).replace(/\.git$/, '');
  git = await startGitHttpServer(dirname(dirname(remote)), { auth: { user: 'x-access-token', password: TOKEN } });
  openGit = await startGitHttpServer(dirname(dirname(remote)));
  remoteUrl = `${git.url()}/${owner}/${repo}.git`;
  standIn = await startGithubStandIn({ token: TOKEN, owner, repo, users: ['alice'] });

  const branch = async (name: string, message: string) => {
    const commit = await remotes.git(remote, 'commit-tree', 'main^{tree}', '-p', 'main', '-m', message);
    await remotes.git(remote, 'update-ref', `refs/heads/${name}`, commit);
    standIn.push(name, commit);
    return commit;
  };
  const message = (title: string, by: string, file: string, env: string) =>
    `${title}\n\nFiles (1):\n  modify ${file}\nEnvironments: ${env}\nStages: none\nReview: platform-review\n\nPlatter-Request: 0123456789abcdef\nRequested-By: ${by}\n`;
  const addon = await branch(
    ADDON_BRANCH,
    message(
      'Enable ingress-nginx addon internal-lb for env prod-eu',
      'user:default/jane',
      'envs/prod-eu/kustomization.yaml',
      'prod-eu',
    ),
  );
  await branch(
    CONFIG_BRANCH,
    message('Set config for env prod-us', 'user:default/ops', 'envs/prod-us/env-config.yaml', 'prod-us'),
  );
  await branch(
    TENANT_BRANCH,
    message('Grant team-a a namespace', 'user:default/ops', 'tenants/team-a/kustomization.yaml', 'none'),
  );
  // publish opened a pull request for the addon branch only (the config branch was pushed in mode branch).
  const host = reviewHostFor(
    remoteUrl,
    ScmIntegrations.fromConfig(new ConfigReader({ integrations: integrationsFor(standIn.apiBaseUrl) })),
    { retries: 0 },
  )!;
  await host.ensureReview({
    head: ADDON_BRANCH,
    base: 'main',
    headSha: addon,
    title: 'Enable ingress-nginx addon internal-lb for env prod-eu',
    body: 'by Platter',
    labels: ['platter', 'kind:EnableAddon'],
    reviewers: ['@alice'],
  });
});
afterAll(async () => {
  for (const b of backends) await b.stop();
  await standIn?.close();
  await git?.close();
  await openGit?.close();
  await remotes?.cleanup();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('GET /requests with a review host', () => {
  it('shows a branch with a pull request as the pull request, one without as a branch, read from the private remote', async () => {
    const backend = await startBackend(remoteUrl, integrationsFor(standIn.apiBaseUrl));
    const ops = await list(backend, 'user:default/ops');
    expect(ops).toMatchObject({ scope: 'all', host: { kind: 'github', noun: 'pull request' } });
    expect(ops.hostUnavailable).toBeUndefined();
    const byBranch = Object.fromEntries(ops.requests.map((r) => [r.branch, r]));
    expect(byBranch[ADDON_BRANCH]).toMatchObject({
      environments: ['prod-eu'],
      requestedBy: 'user:default/jane',
      url: standIn.reviews[0] && expect.stringMatching(/\/pull\/1$/),
      review: {
        number: 1,
        author: 'platter-bot',
        reviewers: ['alice'],
        draft: false,
        labels: ['platter', 'kind:EnableAddon'],
      },
    });
    expect(byBranch[CONFIG_BRANCH]!.review).toBeUndefined();
    expect(byBranch[CONFIG_BRANCH]!.url).toBe(`${git.url()}/${owner}/${repo}/compare/main...${CONFIG_BRANCH}`);

    // A tenant member: their own and their tenant's.
    expect((await list(backend, 'user:default/jane')).requests.map((r) => r.branch).sort()).toEqual(
      [ADDON_BRANCH, TENANT_BRANCH].sort(),
    );
    // The group page's card: the requests touching the group's tenant, whoever asks; a member's own besides.
    const card = await list(backend, 'user:default/bob', `?group=${encodeURIComponent('group:default/team-a')}`);
    expect(card).toMatchObject({ scope: 'team-a', host: { kind: 'github' } });
    expect(card.requests.map((r) => r.branch)).toEqual([TENANT_BRANCH]);
    const member = await list(backend, 'user:default/jane', `?group=${encodeURIComponent('group:default/team-a')}`);
    expect(member.requests.map((r) => [r.branch, r.review?.number]).sort()).toEqual(
      [
        [ADDON_BRANCH, 1],
        [TENANT_BRANCH, undefined],
      ].sort(),
    );
    expect(await list(backend, 'user:default/ops', '?group=group%3Adefault%2Fplatform-team')).toMatchObject({
      scope: '',
      requests: [],
    });
    const bad = await request(backend.server).get('/api/platter/requests?group=').set(as('user:default/ops'));
    expect(bad.status).toBe(400);
  });

  it('reads the host once per interval, whatever the page views', async () => {
    const backend = await startBackend(remoteUrl, integrationsFor(standIn.apiBaseUrl));
    const before = pullListings();
    await Promise.all([list(backend, 'user:default/ops'), list(backend, 'user:default/jane')]);
    await list(backend, 'user:default/ops', '?group=group%3Adefault%2Fteam-a');
    expect(pullListings() - before).toBe(1);
  });

  it('answers with the branches and says why when the host refuses (a revoked token): no 500', async () => {
    const backend = await startBackend(remoteUrl, integrationsFor(standIn.apiBaseUrl));
    standIn.failWith(401);
    try {
      const ops = await list(backend, 'user:default/ops');
      expect(ops.hostUnavailable).toMatch(/^GitHub answered 401 .*showing the review branches from Git$/);
      expect(ops.hostUnavailable).not.toContain(TOKEN);
      expect(ops.requests.map((r) => r.branch).sort()).toEqual([ADDON_BRANCH, CONFIG_BRANCH, TENANT_BRANCH].sort());
      expect(ops.requests.every((r) => !r.review && r.url?.includes('/compare/'))).toBe(true);
    } finally {
      standIn.failWith();
    }
  });

  it('GitLab: a branch with a merge request shows as it, read with the GitLab integration', async () => {
    // The same repository served again, wanting GitLab's token user (oauth2).
    const gitlabGit = await startGitHttpServer(dirname(dirname(remote)), {
      auth: { user: 'oauth2', password: TOKEN },
    });
    const gitlab = await startGitlabStandIn({ token: TOKEN, projectPath: `${owner}/${repo}`, users: ['alice'] });
    try {
      const url = `${gitlabGit.url()}/${owner}/${repo}.git`;
      const integrations = {
        gitlab: [{ host: new URL(url).host, baseUrl: gitlabGit.url(), apiBaseUrl: gitlab.apiBaseUrl, token: TOKEN }],
      };
      const host = reviewHostFor(url, ScmIntegrations.fromConfig(new ConfigReader({ integrations })))!;
      gitlab.push(CONFIG_BRANCH, await remotes.git(remote, 'rev-parse', CONFIG_BRANCH));
      await host.ensureReview({
        head: CONFIG_BRANCH,
        base: 'main',
        headSha: await remotes.git(remote, 'rev-parse', CONFIG_BRANCH),
        title: 'Set config for env prod-us',
        body: 'by Platter',
        labels: ['platter'],
        reviewers: ['@alice'],
      });
      const backend = await startBackend(url, integrations);
      const ops = await list(backend, 'user:default/ops');
      expect(ops).toMatchObject({ host: { kind: 'gitlab', noun: 'merge request' } });
      const byBranch = Object.fromEntries(ops.requests.map((r) => [r.branch, r]));
      expect(byBranch[CONFIG_BRANCH]).toMatchObject({
        url: expect.stringMatching(/\/-\/merge_requests\/1$/),
        review: { number: 1, author: 'platter-bot', reviewers: ['alice'] },
      });
      expect(byBranch[ADDON_BRANCH]!.url).toBe(`${gitlabGit.url()}/${owner}/${repo}/-/compare/main...${ADDON_BRANCH}`);
    } finally {
      await gitlab.close();
      await gitlabGit.close();
    }
  });

  it('without an integration for the remote: branches from Git, no host, no links', async () => {
    const backend = await startBackend(`${openGit.url()}/${owner}/${repo}.git`);
    const ops = await list(backend, 'user:default/ops');
    expect(ops.host).toBeUndefined();
    expect(ops.hostUnavailable).toBeUndefined();
    expect(ops.requests.map((r) => [r.branch, r.url, r.review])).toEqual(
      expect.arrayContaining([
        [ADDON_BRANCH, undefined, undefined],
        [CONFIG_BRANCH, undefined, undefined],
      ]),
    );
  });
});
