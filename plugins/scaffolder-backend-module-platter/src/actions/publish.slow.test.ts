import { execFileSync } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { readPlatterConfig, type PlatterRepositoryService } from '@platter/plugin-platter-node';
import { DEMO_ONLY_AGE_IDENTITY } from '@platter/render/testing';
import { applyRequest, RepositoryMirror } from '@platter/gitops-repo';
import { startGitHttpServer } from '@platter/gitops-repo/testing';
import {
  startGithubStandIn,
  startGitlabStandIn,
  type ReviewStandIn,
  type StandInOptions,
} from '@platter/gitops-repo/testing';
import { ActionHarness, outputsOf, testIdentityDeps, USERS, type TestUser } from '../testing/harness';
import { createPlatterAction } from './createPlatterAction';
import { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';
import { createPublishAction } from './publish';

/**
 * platter:publish against real git remotes: modes direct, branch and
 * pull-request (GitHub's and GitLab's REST APIs are local stand-ins: they cannot
 * be reached from here; the git remote is a real smart-HTTP server), idempotent re-runs,
 * and the checkpoint of a retried task.
 */
jest.setTimeout(60_000);

const NOW = new Date('2026-11-27T12:00:00Z');
let h: ActionHarness;
beforeAll(async () => {
  h = await ActionHarness.create();
});
afterAll(() => h.cleanup());

const noIntegrations = ScmIntegrations.fromConfig(new ConfigReader({}));
const EXAMPLE = PLATTER_ACTION_EXAMPLES;

interface Setup {
  readonly service: PlatterRepositoryService;
  readonly integrations?: ScmIntegrations;
}

/** Plans `input` of `kind` as `as` into a new workspace; returns the workspace and the plan outputs. */
async function planned(
  setup: Setup,
  kind: keyof typeof EXAMPLE,
  as: TestUser,
  input = EXAMPLE[kind].input,
  secrets = EXAMPLE[kind].secrets,
) {
  const ctx = await h.context({ input, as, ...(secrets ? { secrets } : {}) });
  await createPlatterAction(kind, { repository: setup.service, ...testIdentityDeps(), now: () => NOW }).handler(ctx);
  return { workspacePath: ctx.workspacePath, plan: outputsOf(ctx) };
}

async function publish(
  setup: Setup,
  workspacePath: string,
  as: TestUser,
  input: Record<string, unknown> = {},
  extra: { checkpoints?: Map<string, unknown>; isDryRun?: boolean } = {},
) {
  const ctx = await h.context({ input, as, workspacePath, ...extra });
  await createPublishAction({
    repository: setup.service,
    ...testIdentityDeps(),
    integrations: setup.integrations ?? noIntegrations,
    now: () => NOW,
  }).handler(ctx);
  return outputsOf(ctx);
}

const refs = (remote: string) => h.remotes.git(remote, 'for-each-ref', '--format=%(refname) %(objectname)');
const commitsOn = async (remote: string, ref: string) =>
  Number(await h.remotes.git(remote, 'rev-list', '--count', ref));
const changed = async (remote: string, commit: string) =>
  (await h.remotes.git(remote, 'show', '--name-only', '--format=', '--no-renames', commit))
    .split('\n')
    .filter(Boolean)
    .sort();

describe("the planning step's plan (kept in memory for the task)", () => {
  /** Plans OnboardApp as team-a in task `taskId`, runs `between`, publishes in the same task; returns the publish's log lines and outputs. */
  async function planThenPublish(taskId: string, between: (remote: string) => Promise<unknown>) {
    const { remote, service } = await h.repository();
    const planCtx = await h.context({ input: EXAMPLE.OnboardApp.input, as: 'team-a', taskId });
    await createPlatterAction('OnboardApp', { repository: service, ...testIdentityDeps(), now: () => NOW }).handler(
      planCtx,
    );
    await between(remote);
    const ctx = await h.context({ input: {}, as: 'team-a', workspacePath: planCtx.workspacePath, taskId });
    await createPublishAction({
      repository: service,
      ...testIdentityDeps(),
      integrations: noIntegrations,
      now: () => NOW,
    }).handler(ctx);
    return {
      log: ctx.logger.info.mock.calls.map(([line]) => String(line)),
      outputs: outputsOf(ctx),
      planned: outputsOf(planCtx),
    };
  }

  it('is committed as it is while the branch has not moved: publish plans nothing again', async () => {
    const { log, outputs, planned: p } = await planThenPublish('task-kept', async () => undefined);
    expect(outputs).toMatchObject({ outcome: 'committed', requestHash: p.plan.requestHash });
    expect(log.some((l) => l.startsWith('committed the plan of the planning step as it is'))).toBe(true);
  });

  it('is planned again on the new head when the branch moved in between', async () => {
    let moved = '';
    const { log, outputs } = await planThenPublish(
      'task-moved',
      async (remote) => (moved = await h.remotes.moveBranch(remote, 'another writer')),
    );
    expect(outputs).toMatchObject({ outcome: 'committed' });
    expect(
      log.some((l) => l.startsWith(`planned on ${moved.slice(0, 12)} of main (it moved since the planning step's`)),
    ).toBe(true);
    expect(log.some((l) => l.startsWith('committed the plan of the planning step'))).toBe(false);
  });
});

describe('mode direct', () => {
  it("commits a tenant's own change to main; re-running publish, or the whole task, makes no second commit", async () => {
    const { remote, service } = await h.repository();
    const { workspacePath, plan } = await planned({ service }, 'OnboardApp', 'team-a');
    const first = await publish({ service }, workspacePath, 'team-a');
    expect(first).toMatchObject({
      outcome: 'committed',
      mode: 'direct',
      review: 'direct',
      branch: 'main',
      targetBranch: 'main',
    });
    expect(first.commitUrl).toBeUndefined(); // a bare path: no web host
    expect(await changed(remote, first.commit)).toEqual(plan.changedFiles.map((c: { path: string }) => c.path).sort());
    const count = await commitsOn(remote, 'main');

    expect(await publish({ service }, workspacePath, 'team-a')).toMatchObject({
      outcome: 'already-applied',
      commit: first.commit,
      branch: 'main',
    });
    const again = await planned({ service }, 'OnboardApp', 'team-a');
    expect(again.plan.changedFiles).toEqual([]);
    expect(await publish({ service }, again.workspacePath, 'team-a')).toMatchObject({
      outcome: 'already-applied',
      commit: first.commit,
    });
    expect(await commitsOn(remote, 'main')).toBe(count);
  });

  it('is refused (Forbidden) for a plan that needs platform review, and pushes nothing', async () => {
    const { remote, service } = await h.repository();
    const { workspacePath } = await planned({ service }, 'EnableAddon', 'team-a');
    const before = await refs(remote);
    await expect(publish({ service }, workspacePath, 'team-a', { mode: 'direct' })).rejects.toMatchObject({
      name: 'NotAllowedError',
      cause: { code: 'Forbidden' },
    });
    await expect(
      publish({ service }, workspacePath, 'team-a', { mode: 'direct' }, { isDryRun: true }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(await refs(remote)).toBe(before);
  });

  it('lands on a remote that moved since the plan (applyRequest re-plans on the new head)', async () => {
    const { remote, service } = await h.repository();
    const { workspacePath, plan } = await planned({ service }, 'PromoteApp', 'team-a');
    const moved = await h.remotes.moveBranch(remote, 'someone else');
    const out = await publish({ service }, workspacePath, 'team-a');
    expect(out.outcome).toBe('committed');
    expect(await h.remotes.git(remote, 'rev-parse', `${out.commit}^`)).toBe(moved);
    expect(plan.plan.baseCommit).not.toBe(moved);
  });

  it('concurrent publishes in one process land together (group commit): none loses a push race', async () => {
    // publish.timeoutMs 1: a push rejected because another writer moved main is never retried (a Conflict),
    // so all land only if this process never raced itself. All are planned on the same head first.
    const { remote, service } = await h.repository({ platter: { publish: { timeoutMs: 1 } } });
    const seed = await h.remotes.git(remote, 'rev-parse', 'main');
    const names = Array.from({ length: 8 }, (_, i) => `queued-${i + 1}`);
    const plans = await Promise.all(
      names.map((name) =>
        planned({ service }, 'OnboardApp', 'team-a', {
          ...EXAMPLE.OnboardApp.input,
          name,
          source: { type: 'image', image: `ghcr.io/example-org/${name}` },
        }),
      ),
    );
    const outs = await Promise.all(plans.map((p) => publish({ service }, p.workspacePath, 'team-a')));
    expect(outs.map((o) => o.outcome)).toEqual(names.map(() => 'committed'));
    expect(plans.every((p) => p.plan.plan.baseCommit === seed)).toBe(true);
    expect(await h.remotes.git(remote, 'rev-list', '--count', `${seed}..main`)).toBe(String(names.length));
    expect(await h.remotes.git(remote, 'rev-list', '--merges', 'main')).toBe('');
    const binding = await h.remotes.git(remote, 'show', 'main:tenants/team-a/staging/kustomization.yaml');
    for (const name of names) expect(binding).toContain(`${name}.yaml`);
  });
});

describe('mode branch', () => {
  it('pushes platter/<kind>/<subject> for a plan that needs review (no GitHub integration); a re-run pushes nothing', async () => {
    const { remote, service } = await h.repository();
    const { workspacePath, plan } = await planned({ service }, 'EnableAddon', 'team-a');
    const mainBefore = await h.remotes.git(remote, 'rev-parse', 'main');
    const out = await publish({ service }, workspacePath, 'team-a');
    expect(out).toMatchObject({
      outcome: 'committed',
      mode: 'branch',
      review: 'platform-review',
      branch: 'platter/enable-addon/ingress-nginx-metrics-staging',
      targetBranch: 'main',
    });
    expect(await h.remotes.git(remote, 'rev-parse', out.branch)).toBe(out.commit);
    expect(await h.remotes.git(remote, 'rev-parse', 'main')).toBe(mainBefore);
    expect(await changed(remote, out.commit)).toEqual(plan.changedFiles.map((c: { path: string }) => c.path));

    const before = await refs(remote);
    expect(await publish({ service }, workspacePath, 'team-a')).toMatchObject({
      outcome: 'already-applied',
      commit: out.commit,
      branch: out.branch,
    });
    expect(await refs(remote)).toBe(before);
  });

  it('platter.publish.mode decides when the template does not', async () => {
    const { remote } = await h.repository();
    const service = await h.service(remote, { publish: { mode: 'branch' } });
    const { workspacePath } = await planned({ service }, 'PromoteApp', 'team-a');
    expect(await publish({ service }, workspacePath, 'team-a')).toMatchObject({
      outcome: 'committed',
      mode: 'branch',
      review: 'direct',
      branch: 'platter/promote-app/shop',
    });
  });

  it('mode pull-request without a GitHub integration for the remote is InvalidRequest on mode', async () => {
    const { remote, service } = await h.repository();
    const { workspacePath } = await planned({ service }, 'EnableAddon', 'team-a');
    const before = await refs(remote);
    await expect(publish({ service }, workspacePath, 'team-a', { mode: 'pull-request' })).rejects.toMatchObject({
      name: 'InputError',
      cause: { code: 'InvalidRequest', path: 'mode' },
    });
    expect(await refs(remote)).toBe(before);
  });
});

const HOSTS = [
  {
    name: 'GitHub pull request (Octokit)',
    gitUser: 'x-access-token',
    start: (o: StandInOptions) => startGithubStandIn({ ...o, owner: 'example-org', repo: 'fleet' }),
    integrations: (host: string, s: ReviewStandIn, token: string) => ({
      github: [{ host, apiBaseUrl: s.apiBaseUrl, token }],
    }),
    reviewPath: 'pull/1',
  },
  {
    name: 'GitLab merge request (gitbeaker)',
    gitUser: 'oauth2',
    start: (o: StandInOptions) => startGitlabStandIn({ ...o, projectPath: 'example-org/fleet' }),
    integrations: (host: string, s: ReviewStandIn, token: string) => ({
      gitlab: [{ host, apiBaseUrl: s.apiBaseUrl, baseUrl: s.webBaseUrl, token }],
    }),
    reviewPath: '-/merge_requests/1',
  },
];

describe.each(HOSTS)('mode pull-request: $name (smart-HTTP git remote; host API: local stand-in)', (c) => {
  const TOKEN = 'stand-in-token-4b7e';

  async function hostSetup() {
    // Git over HTTP that, like the hosts, wants the token for everything; the REST
    // API is the stand-in (the real one cannot be reached from here).
    const root = await h.remotes.newDir('http-root');
    await mkdir(join(root, 'example-org'));
    await cp(await h.remotes.newRemote(), join(root, 'example-org', 'fleet.git'), { recursive: true });
    const git = await startGitHttpServer(root, { auth: { user: c.gitUser, password: TOKEN } });
    const host = new URL(git.url()).host;
    const bare = join(root, 'example-org', 'fleet.git');
    // The stand-in sees the branches the real remote has, as the host would.
    const headOf = (branch: string) => {
      try {
        return execFileSync('git', ['-C', bare, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`], {
          encoding: 'utf8',
        }).trim();
      } catch {
        return undefined;
      }
    };
    const standIn = await c.start({ token: TOKEN, webBaseUrl: git.url(), headOf });
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: c.integrations(host, standIn, TOKEN) }),
    );
    const url = `${git.url()}/example-org/fleet.git`;
    // platter.repository.url carries no credentials: publish takes the token from the integration.
    // The read-only mirror, built by hand here, is given them in its URL (the repository service's mirror
    // takes them from the integration: gitCredentialsFor).
    const cacheDir = await h.remotes.newDir('cache');
    const service: PlatterRepositoryService = {
      config: readPlatterConfig(new ConfigReader({ platter: { repository: { url }, cacheDir } })),
      mirror: new RepositoryMirror(
        { url: `${git.url({ user: c.gitUser, password: TOKEN })}/example-org/fleet.git` },
        { cacheDir },
      ),
    };
    return {
      git,
      standIn,
      integrations,
      service,
      bare,
      close: async () => (await git.close(), await standIn.close()),
    };
  }

  it('pushes the branch with the integration token and opens a review; re-runs reuse both', async () => {
    const s = await hostSetup();
    try {
      const { workspacePath, plan } = await planned(s, 'EnableAddon', 'team-a');
      const out = await publish(s, workspacePath, 'team-a');
      const web = s.git.url();
      expect(out).toMatchObject({
        outcome: 'committed',
        mode: 'pull-request',
        review: 'platform-review',
        branch: 'platter/enable-addon/ingress-nginx-metrics-staging',
        pullRequestUrl: `${web}/example-org/fleet/${c.reviewPath}`,
        pullRequestNumber: 1,
        pullRequestAction: 'created',
        // The task's links name the host's review and show its icon.
        hostIcon: c.gitUser === 'oauth2' ? 'gitlab' : 'github',
        reviewLinkTitle: c.gitUser === 'oauth2' ? 'Merge request !1' : 'Pull request #1',
      });
      expect(out.commitUrl).toMatch(new RegExp(`^${web}/example-org/fleet/.*commit/${out.commit}$`));
      expect(s.standIn.reviews).toEqual([
        expect.objectContaining({
          head: out.branch,
          base: 'main',
          headSha: out.commit,
          title: plan.plan.title,
          body: expect.stringContaining(`Platter-Request: ${plan.plan.requestHash}`),
          labels: ['platter', 'kind:EnableAddon', 'stage:staging'],
        }),
      ]);
      expect(s.standIn.reviews[0]!.body).toContain(USERS['team-a'].ref);
      expect(s.standIn.reviews[0]!.body).toContain('kind: EnableAddon');
      expect(await h.remotes.git(s.bare, 'rev-parse', out.branch)).toBe(out.commit);

      const before = await refs(s.bare);
      expect(await publish(s, workspacePath, 'team-a')).toMatchObject({
        outcome: 'already-applied',
        commit: out.commit,
        pullRequestNumber: 1,
        pullRequestAction: 'updated',
      });
      expect(s.standIn.reviews).toHaveLength(1);
      expect(await refs(s.bare)).toBe(before);

      // Someone closes it: the re-run says so and does not reopen it.
      s.standIn.closeReview(1);
      expect(await publish(s, workspacePath, 'team-a')).toMatchObject({
        outcome: 'already-applied',
        pullRequestNumber: 1,
        pullRequestAction: 'closed',
      });
      expect(s.standIn.reviews.map((r) => r.state)).toEqual(['closed']);
    } finally {
      await s.close();
    }
  });

  it('a crash after the push and before the review: the re-run opens it without pushing again', async () => {
    const s = await hostSetup();
    try {
      const { workspacePath } = await planned(s, 'EnableAddon', 'team-a');
      const pushed = await applyRequest(
        `${s.git.url({ user: c.gitUser, password: TOKEN })}/example-org/fleet.git`,
        { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' },
        {
          mode: 'branch',
          actor: { kind: 'tenant', tenant: 'team-a', user: USERS['team-a'].ref },
          now: NOW,
        },
      );
      expect(s.standIn.reviews).toEqual([]);
      const before = await refs(s.bare);
      expect(await publish(s, workspacePath, 'team-a')).toMatchObject({
        outcome: 'already-applied',
        commit: pushed.commit,
        pullRequestNumber: 1,
        pullRequestAction: 'created',
      });
      expect(await refs(s.bare)).toBe(before);
      expect(s.standIn.reviews).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe('checkpoint', () => {
  it('a retried task returns the recorded result and pushes nothing, even where a new push would land', async () => {
    const { remote, service } = await h.repository();
    const { workspacePath, plan } = await planned({ service }, 'OnboardApp', 'team-a');
    const checkpoints = new Map<string, unknown>();
    const first = await publish({ service }, workspacePath, 'team-a', {}, { checkpoints });
    expect([...checkpoints.keys()]).toEqual([`platter-publish-${plan.plan.requestHash}`]);

    // Someone resets main behind Platter's back: a new run would commit again; the retry does not.
    await h.remotes.git(remote, 'update-ref', 'refs/heads/main', `${first.commit}^`);
    const before = await refs(remote);
    expect(await publish({ service }, workspacePath, 'team-a', {}, { checkpoints })).toEqual(first);
    expect(await refs(remote)).toBe(before);
  });
});

describe('inputs', () => {
  it('lands a request given as input (no planning step)', async () => {
    const { remote, service } = await h.repository();
    const ws = await h.remotes.newDir('ws');
    const head = (await h.remotes.git(remote, 'rev-parse', 'main')).trim();
    const out = await publish({ service }, ws, 'team-a', {
      request: { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' },
    });
    expect(out).toMatchObject({ outcome: 'committed', mode: 'direct', review: 'direct' });
    expect(await changed(remote, out.commit)).toEqual(['apps/shop/prod/release.yaml']);
    // Planned on the commit as the backend parsed it (the service's shared bases), not on a parse of its own.
    expect(service.bases?.commits).toContain(head);
  });

  it('refuses secret values in a request given as input', async () => {
    const { service } = await h.repository();
    const ws = await h.remotes.newDir('ws');
    const request = {
      kind: 'SetSecret',
      env: 'prod-eu',
      rotate: true,
      secret: { name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'plain' } },
    };
    await expect(publish({ service }, ws, 'platform', { request })).rejects.toMatchObject({
      name: 'InputError',
      cause: { code: 'InvalidRequest' },
    });
  });

  it('without a plan in the workspace and without a request, says what to do', async () => {
    const { service } = await h.repository();
    await expect(publish({ service }, await h.remotes.newDir('ws'), 'team-a')).rejects.toMatchObject({
      name: 'InputError',
      cause: { code: 'InvalidRequest', path: 'platter/plan.json' },
    });
  });
});

describe('secrets', () => {
  it('a task secret lands only encrypted, and the cluster key decrypts it to the value entered', async () => {
    const { remote, service } = await h.repository();
    const value = EXAMPLE.CreateEnvironment.secrets!.externalDnsToken!;
    const { workspacePath } = await planned({ service }, 'CreateEnvironment', 'platform');
    const out = await publish({ service }, workspacePath, 'platform');
    const path = 'envs/staging-us/secrets/runtime-external-dns.yaml.encrypted';
    const file = await h.remotes.git(remote, 'show', `${out.commit}:${path}`);
    expect(file).not.toContain(value);
    expect(await h.remotes.git(remote, 'log', '-1', '--format=%B', out.commit)).not.toContain(value);
    // Independent code (the sops-age package) with the example fleet's demo key.
    const { decryptSops } = await import('sops-age');
    expect(await decryptSops(file, { secretKey: DEMO_ONLY_AGE_IDENTITY, fileType: 'yaml' })).toMatchObject({
      stringData: { EXTERNAL_DNS_API_TOKEN: value },
    });
  });
});
