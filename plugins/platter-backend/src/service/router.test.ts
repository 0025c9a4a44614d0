import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseRequest } from '@platter/model';
import { sealRequest } from '@platter/gitops-repo';
import { TestRemotes } from '@platter/gitops-repo/testing';
import { DEMO_AGE_RECIPIENT, exampleRepository, plan } from '@platter/render';
import type {
  DiagnosticsRouteResponse,
  MenuRouteResponse,
  PlanRouteResponse,
  RequestsRouteResponse,
} from '@platter/plugin-platter-common';
import request from 'supertest';
import { startPlatterTestBackend, type PlatterTestBackend } from './testing/platterTestBackend';

/**
 * The routes through a real backend (startTestBackend) over a real bare git
 * remote seeded with the example fleet. Users and their groups come from a
 * userInfo stand-in; the permission mock denies one user.
 */
const GROUPS: Record<string, string[]> = {
  'user:default/ops': ['group:default/platform-team'],
  'user:default/jane': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/mallory': ['group:default/team-a'],
};
const as = (user: string) => ({ Authorization: mockCredentials.user.header(user) });

const permissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) =>
    requests.map(() => ({
      result:
        (credentials.principal as { userEntityRef?: string }).userEntityRef === 'user:default/mallory'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })) as never,
});

describe('platter-backend routes', () => {
  const SECRET_VALUE = 'hunter2-do-not-echo-7f3a';
  let remotes: TestRemotes;
  let remote: string;
  let cacheDir: string;
  let backend: PlatterTestBackend;

  beforeAll(async () => {
    remotes = await TestRemotes.create();
    remote = await remotes.newRemote();
    cacheDir = await mkdtemp(join(tmpdir(), 'platter-backend-test-'));
    backend = await startPlatterTestBackend({
      remote,
      cacheDir,
      groupsOf: (user) => GROUPS[user] ?? [],
      permissions: permissions.factory,
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await remotes?.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const planAs = (user: string, req: unknown) =>
    request(backend.server).post('/api/platter/plan').set(as(user)).send({ request: req });

  describe('POST /plan', () => {
    const enableAddon = { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'internal-lb', env: 'prod-eu' };

    it.each([
      ['a platform team member commits directly', 'user:default/ops', 'direct'],
      [
        'a tenant member needs platform review (an env override is a platform path)',
        'user:default/jane',
        'platform-review',
      ],
    ])('%s', async (_name, user, review) => {
      const res = await planAs(user, enableAddon);
      expect(res.status).toBe(200);
      const body = res.body as PlanRouteResponse;
      expect(body.plan.review).toBe(review);
      // What publish will do (no mode configured, no review host for a local remote): commit, or push a branch.
      expect(body.publish).toEqual(
        review === 'direct'
          ? { mode: 'direct', targetBranch: 'main', branch: 'main' }
          : { mode: 'branch', targetBranch: 'main', branch: 'platter/enable-addon/ingress-nginx-internal-lb-prod-eu' },
      );
      expect(body.plan).toMatchObject({
        title: 'Enable ingress-nginx addon internal-lb for env prod-eu',
        baseCommit: await remotes.git(remote, 'rev-parse', 'main'),
        affected: { environments: ['prod-eu'] },
      });
      expect(body.plan.requestHash).toMatch(/^[0-9a-f]{16}$/);
      expect(body.plan.changedFiles).toEqual([{ path: 'envs/prod-eu/kustomization.yaml', op: 'modify' }]);
      expect(body.diff).toContain('+++ b/envs/prod-eu/kustomization.yaml');
      // No file contents besides the diff (the rendered diff's before/after are field values, issue 18).
      expect(JSON.stringify({ ...body, plan: { ...body.plan, renderedDiff: undefined } })).not.toMatch(
        /"(before|after)":/,
      );
      expect(body.plan.renderedDiff!.groups[0].changes.map((c: { id: string }) => c.id)).toContain(
        'kustomize.toolkit.fluxcd.io/Kustomization/flux-system/runtime-ingress-nginx',
      );
    });

    it('a tenant onboarding its own app commits directly', async () => {
      const res = await planAs('user:default/jane', {
        kind: 'OnboardApp',
        name: 'cart',
        tenant: 'team-a',
        source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
        targets: [{ stage: 'staging' }],
        version: '1.0.0',
      });
      expect(res.status).toBe(200);
      expect(res.body.plan.review).toBe('direct');
      expect(res.body.plan.changedFiles.map((f: { path: string }) => f.path)).toContain(
        'apps/cart/base/kustomization.yaml',
      );
    });

    it('accepts what a template form gives: picker refs for the tenant, stages and services', async () => {
      const byName = await planAs('user:default/jane', {
        kind: 'OnboardApp',
        name: 'cart',
        tenant: 'team-a',
        source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
        dependsOn: ['ingress-nginx'],
        targets: [{ stage: 'staging' }],
        version: '1.0.0',
      });
      const byRef = await planAs('user:default/jane', {
        kind: 'OnboardApp',
        name: 'cart',
        tenant: 'group:default/team-a',
        source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
        dependsOn: ['resource:default/component-ingress-nginx'],
        targets: ['resource:default/stage-staging'],
        version: '1.0.0',
      });
      expect(byRef.status).toBe(200);
      expect(byRef.body.diff).toBe(byName.body.diff);
    });

    it("another tenant's app is Forbidden: 403", async () => {
      const res = await planAs('user:default/bob', {
        kind: 'Rollback',
        app: 'shop',
        target: { stage: 'staging' },
        version: '1.2.0',
      });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ name: 'NotAllowedError' });
      expect(res.body.error.message).toContain('Forbidden');
      expect(res.body.findings).toEqual([expect.objectContaining({ code: 'Forbidden', fix: expect.any(String) })]);
    });

    it('a rejected request is a 400 naming the typed code', async () => {
      const res = await planAs('user:default/ops', { ...enableAddon, addon: 'no-such-addon' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'InputError' });
      expect(res.body.error.message).toContain('UnknownAddon');
    });

    it.each([
      [
        'a bad name: the finding on its field, with what to do',
        {
          kind: 'OnboardApp',
          name: 'Checkout_App',
          tenant: 'team-a',
          source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
          targets: [{ stage: 'staging' }],
          version: '1.0.0',
        },
        [{ code: 'InvalidName', field: 'name', severity: 'error', fix: expect.stringContaining('lower-case') }],
      ],
      [
        'an addon the version does not offer: the addon field',
        { ...enableAddon, addon: 'no-such-addon' },
        [{ code: 'UnknownAddon', field: 'addon' }],
      ],
    ])('a refusal is data, not a stack trace: %s', async (_name, req, findings) => {
      const res = await planAs('user:default/jane', req);
      expect(res.status).toBe(400);
      expect(res.body.findings).toEqual(findings.map((f) => expect.objectContaining(f)));
      expect(Object.keys(res.body.error).sort()).toEqual(['message', 'name']);
      expect(res.body.response).toEqual({ statusCode: 400 });
      // Neither a stack nor a server path (the checkout lives under the test's cwd).
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\(|node_modules|\.ts:\d+/);
      expect(JSON.stringify(res.body)).not.toContain(process.cwd());
    });

    it.each([
      ['the version running there plans', '1.0.0', 200, undefined],
      ['another version is a Conflict (409) with its finding', '1.1.0', 409, 'Conflict'],
    ])('an addon request names the version it saw: %s', async (_name, version, status, code) => {
      const res = await planAs('user:default/jane', { ...enableAddon, version });
      expect(res.status).toBe(status);
      if (code) expect(res.body.findings).toEqual([expect.objectContaining({ code, field: 'version' })]);
    });

    it('a malformed request is a 400 InvalidRequest; a body without a request is a 400', async () => {
      const bad = await planAs('user:default/ops', { kind: 'EnableAddon', service: 'ingress-nginx' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('InvalidRequest');
      const empty = await request(backend.server)
        .post('/api/platter/plan')
        .set(as('user:default/ops'))
        .send({ nope: 1 });
      expect(empty.status).toBe(400);
    });

    it('without platter.request.plan permission: 403, whatever the body', async () => {
      const res = await planAs('user:default/mallory', enableAddon);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('platter.request.plan');
      expect(permissions.authorize).toHaveBeenCalledWith(
        [{ permission: expect.objectContaining({ name: 'platter.request.plan' }) }],
        expect.anything(),
      );
    });

    describe('secrets', () => {
      const createEnv = {
        kind: 'CreateEnvironment',
        name: 'prod-ap',
        stage: 'prod',
        ageRecipients: [DEMO_AGE_RECIPIENT],
        config: { cluster_name: 'prod-ap', region: 'ap-southeast-2' },
        secrets: [{ name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: SECRET_VALUE } }],
      };

      it('are planned with a placeholder, listed as encrypted, and never echoed', async () => {
        const res = await planAs('user:default/ops', createEnv);
        expect(res.status).toBe(200);
        const body = res.body as PlanRouteResponse;
        expect(JSON.stringify(body)).not.toContain(SECRET_VALUE);
        expect(body.plan.changedFiles).toContainEqual({
          path: 'envs/prod-ap/secrets/runtime-external-dns.yaml.encrypted',
          op: 'add',
          encrypted: true,
        });
        expect(body.plan.needsSecrets).toEqual([]);
        expect(body.diff).toContain(
          '+# Secret flux-system/runtime-external-dns: SOPS/age-encrypted when the request is submitted',
        );
        expect(body.diff).toContain('+# keys: EXTERNAL_DNS_API_TOKEN');
        expect(body.diff).not.toContain('ENC['); // neither a placeholder nor ciphertext
      });

      it('give the same files and request hash as the real sealed plan', async () => {
        const tree = exampleRepository();
        const real = plan(tree, await sealRequest(tree, parseRequest(createEnv)), { actor: { kind: 'platform' } });
        const res = await planAs('user:default/ops', createEnv);
        expect(res.body.plan.requestHash).toBe(real.requestHash);
        expect(res.body.plan.changedFiles.map((f: { path: string; op: string }) => `${f.op} ${f.path}`)).toEqual(
          real.changes.map((c) => `${c.op} ${c.path}`),
        );
        expect(res.body.plan.review).toBe(real.review);
      });

      it('rotating an existing secret shows both sides as stand-ins', async () => {
        const res = await planAs('user:default/ops', {
          kind: 'SetSecret',
          env: 'prod-eu',
          rotate: true,
          secret: { name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: SECRET_VALUE } },
        });
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain(SECRET_VALUE);
        expect(res.body.plan.changedFiles).toEqual([
          { path: 'envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted', op: 'modify', encrypted: true },
        ]);
        expect(res.body.diff).toContain('-# Secret flux-system/runtime-external-dns: the current SOPS-encrypted file');
        expect(res.body.diff).not.toContain('ENC[');
      });

      it.each([
        [
          'unknown env',
          { kind: 'SetSecret', env: 'nowhere', secret: { name: 'api', values: { TOKEN: SECRET_VALUE } } },
          400,
          'UnknownEnvironment',
        ],
        ['a tenant creating an env', createEnv, 200, undefined],
        [
          'bad secret name',
          { ...createEnv, secrets: [{ name: 'Bad_Name', values: { K: SECRET_VALUE } }] },
          400,
          'InvalidName',
        ],
        [
          'both values and sealed',
          { ...createEnv, secrets: [{ name: 'x', values: { K: SECRET_VALUE }, sealed: SECRET_VALUE }] },
          400,
          'InvalidRequest',
        ],
      ])('%s: the value is never echoed', async (_name, req, status, code) => {
        const res = await planAs('user:default/jane', req);
        expect(res.status).toBe(status);
        expect(JSON.stringify(res.body)).not.toContain(SECRET_VALUE);
        if (code) expect(res.body.error.message).toContain(code);
      });
    });
  });

  it('GET /menu: components, versions, lifecycle, addons and usage', async () => {
    const res = await request(backend.server).get('/api/platter/menu').set(as('user:default/jane'));
    expect(res.status).toBe(200);
    const body = res.body as MenuRouteResponse;
    expect(body.components.map((c) => c.name)).toEqual([
      'cert-manager',
      'external-dns',
      'ingress-nginx',
      'monitoring-agent',
    ]);
    // A component of plain manifests: its source, no chart.
    const agent = body.components.find((c) => c.name === 'monitoring-agent')!;
    expect(agent.versions[0]).toMatchObject({ source: 'manifests', namespace: 'monitoring' });
    expect(agent.versions[0]!.chart).toBeUndefined();
    const nginx = body.components.find((c) => c.name === 'ingress-nginx')!;
    expect(nginx.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(nginx.unused).toEqual([]);
    expect(nginx.versions[0]).toMatchObject({
      lifecycle: { status: 'stable' },
      source: 'helm',
      chart: { name: 'ingress-nginx', version: '4.11.3' },
      dependsOn: ['cert-manager'],
      usage: {
        stages: ['prod'],
        environments: 2,
        apps: ['shop'],
        placements: [{ stage: 'prod', addons: ['metrics'], environments: 2, overridden: 1 }],
      },
    });
    expect(nginx.versions[0]!.addons.map((a) => a.name)).toEqual(['nodeport', 'metrics', 'internal-lb']);
    expect(nginx.versions[0]!.addons[0]).toMatchObject({ conflictsWith: ['internal-lb'] });
  });

  it('GET /requests: the open review branches, for the caller (platform: all; a tenant: its own)', async () => {
    const branch = async (name: string, message: string, from = 'main') => {
      const commit = await remotes.git(remote, 'commit-tree', `${from}^{tree}`, '-p', from, '-m', message);
      await remotes.git(remote, 'update-ref', `refs/heads/${name}`, commit);
      return commit;
    };
    const message = (title: string, by: string, file: string) =>
      `${title}\n\nFiles (1):\n  modify ${file}\nEnvironments: prod-eu\nStages: none\nReview: platform-review\n\nPlatter-Request: 0123456789abcdef\nRequested-By: ${by}\n`;
    await branch(
      'platter/enable-addon/ingress-nginx-internal-lb-prod-eu',
      message(
        'Enable ingress-nginx addon internal-lb for env prod-eu',
        'user:default/jane',
        'envs/prod-eu/kustomization.yaml',
      ),
    );
    await branch(
      'platter/set-config/prod-us',
      message('Set config for env prod-us', 'user:default/ops', 'envs/prod-us/env-config.yaml'),
    );
    // Merged: main contains it.
    const merged = await branch(
      'platter/promote-app/shop',
      message('Promote shop', 'user:default/jane', 'apps/shop/prod/release.yaml'),
    );
    await remotes.git(remote, 'update-ref', 'refs/heads/main', merged);

    const list = async (user: string) => {
      const res = await request(backend.server).get('/api/platter/requests').set(as(user));
      expect(res.status).toBe(200);
      return res.body as RequestsRouteResponse;
    };
    const jane = await list('user:default/jane');
    expect(jane.scope).toBe('team-a');
    expect(jane.requests).toEqual([
      expect.objectContaining({
        branch: 'platter/enable-addon/ingress-nginx-internal-lb-prod-eu',
        title: 'Enable ingress-nginx addon internal-lb for env prod-eu',
        requestedBy: 'user:default/jane',
        environments: ['prod-eu'],
        state: 'open',
      }),
    ]);
    expect((await list('user:default/bob')).requests).toEqual([]);
    const ops = await list('user:default/ops');
    expect(ops.scope).toBe('all');
    expect(ops.requests.map((r) => r.branch).sort()).toEqual([
      'platter/enable-addon/ingress-nginx-internal-lb-prod-eu',
      'platter/set-config/prod-us',
    ]);
  });

  it.each([
    ['a tenant member: their own tenant', 'user:default/jane', false, ['team-a']],
    ['the platform team: every tenant', 'user:default/ops', true, ['team-a', 'team-b']],
    ['someone of no tenant: none', 'user:default/nobody', false, []],
  ])('GET /tenants, %s', async (_name, user, all, names) => {
    const res = await request(backend.server).get('/api/platter/tenants').set(as(user));
    expect(res.status).toBe(200);
    expect(res.body.all).toBe(all);
    expect(res.body.tenants.map((t: { name: string }) => t.name)).toEqual(names);
  });

  it.each([
    ['a tenant owner group: its tenant, apps and where they run', 'group:default/team-a', 'team-a'],
    ['a group without a tenant', 'group:default/platform-team', undefined],
  ])('GET /tenant?group=, %s', async (_name, group, tenant) => {
    const res = await request(backend.server)
      .get(`/api/platter/tenant?group=${encodeURIComponent(group)}`)
      .set(as('user:default/bob'));
    expect(res.status).toBe(200);
    expect(res.body.tenant?.name).toBe(tenant);
    if (tenant) expect(res.body.tenant.apps.map((a: { name: string }) => a.name)).toContain('shop');
  });

  // Last: it breaks the remote.
  it('GET /diagnostics: the findings at the latest commit, cached per commit', async () => {
    const first = await request(backend.server).get('/api/platter/diagnostics').set(as('user:default/jane'));
    expect(first.status).toBe(200);
    const clean = first.body as DiagnosticsRouteResponse;
    expect(clean).toMatchObject({ branch: 'main', parsed: true, counts: { errors: 0 } });
    expect(clean.commit).toBe(await remotes.git(remote, 'rev-parse', 'main'));

    const broken = await remotes.pushCommit(remote, { 'platter.yaml': 'spec: [unclosed\n' }, 'break platter.yaml');
    const after = await request(backend.server).get('/api/platter/diagnostics').set(as('user:default/jane'));
    const body = after.body as DiagnosticsRouteResponse;
    expect(body).toMatchObject({ commit: broken, parsed: false });
    expect(body.counts.errors).toBeGreaterThan(0);
    expect(body.diagnostics[0]).toMatchObject({ severity: 'error', path: 'platter.yaml' });

    // The menu needs a model: 503 until the repository parses again.
    const menu = await request(backend.server).get('/api/platter/menu').set(as('user:default/jane'));
    expect(menu.status).toBe(503);
    expect(menu.body.error.message).toContain('does not parse');
  });
});
