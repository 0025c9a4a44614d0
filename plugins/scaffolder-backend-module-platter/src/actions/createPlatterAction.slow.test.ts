import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { REQUEST_KINDS, type RequestKind } from '@platter/model';
import { ActionHarness, outputsOf, testIdentityDeps, USERS, type TestUser } from '../testing/harness';
import { PLATTER_ACTION_IDS, PLATTER_PUBLISH_ACTION_ID } from './actionIds';
import { createPlatterAction, platterInputSchema } from './createPlatterAction';
import { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';
import { createPublishAction } from './publish';
import { z } from 'zod/v3';
import zodToJsonSchema from 'zod-to-json-schema';

/**
 * The planning actions' contract beyond the per-kind table
 * (createPlatterAction.kinds.slow.test.ts): input schemas, typed rejections that
 * leave the remote untouched, permissions, actor resolution, dry run. Against
 * real bare git remotes (TestRemotes), with createMockActionContext.
 */
jest.setTimeout(60_000);

const NOW = new Date('2026-11-27T12:00:00Z');
let h: ActionHarness;
beforeAll(async () => {
  h = await ActionHarness.create();
});
afterAll(() => h.cleanup());

const noIntegrations = ScmIntegrations.fromConfig(new ConfigReader({}));

describe('input schema', () => {
  it.each(REQUEST_KINDS)('%s: the request schema without kind, as the scaffolder converts it', (kind) => {
    const json = zodToJsonSchema(platterInputSchema(kind, z)) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(json.properties.kind).toBeUndefined();
    expect(json.additionalProperties).toBe(false);
  });

  it('takes secret references, never values (CreateEnvironment, SetSecret)', () => {
    const create = platterInputSchema('CreateEnvironment', z);
    expect(
      create.safeParse({ name: 'x', stage: 'staging', ageRecipients: ['age1x'], secrets: { s: { KEY: 'taskSecret' } } })
        .success,
    ).toBe(true);
    expect(
      create.safeParse({
        name: 'x',
        stage: 'staging',
        ageRecipients: ['age1x'],
        secrets: [{ name: 's', values: { KEY: 'plain' } }],
      }).success,
    ).toBe(false);
    const set = platterInputSchema('SetSecret', z);
    expect(
      set.safeParse({ env: 'prod-eu', secret: { name: 's' }, secrets: { s: { KEY: 'taskSecret' } } }).success,
    ).toBe(true);
    expect(set.safeParse({ env: 'prod-eu', secret: { name: 's', values: { KEY: 'plain' } } }).success).toBe(false);
    expect(platterInputSchema('OnboardApp', z).shape.secrets).toBeUndefined();
  });
});

describe('rejections', () => {
  const failure = async (
    kind: RequestKind,
    input: Record<string, unknown>,
    as: TestUser,
    extra: { secrets?: Record<string, string>; permissions?: unknown } = {},
  ) => {
    const { remote, service } = await h.repository();
    const before = await h.remotes.git(remote, 'for-each-ref');
    const deps = {
      repository: service,
      ...testIdentityDeps(),
      ...(extra.permissions ? { permissions: extra.permissions as never } : {}),
      now: () => NOW,
    };
    const ctx = await h.context({ input, as, ...(extra.secrets ? { secrets: extra.secrets } : {}) });
    let error: any;
    await createPlatterAction(kind, deps)
      .handler(ctx)
      .catch((e) => (error = e));
    expect(await h.remotes.git(remote, 'for-each-ref')).toBe(before);
    expect(ctx.output).not.toHaveBeenCalled();
    return error;
  };

  it.each<[string, RequestKind, Record<string, unknown>, TestUser, string, string, string | undefined]>([
    [
      'an invalid app name',
      'OnboardApp',
      { ...PLATTER_ACTION_EXAMPLES.OnboardApp.input, name: 'Bad_Name' },
      'team-a',
      'InputError',
      'InvalidName',
      'InvalidName name: OnboardApp: name:',
    ],
    [
      'an unknown addon',
      'EnableAddon',
      { service: 'ingress-nginx', addon: 'nope', stage: 'staging' },
      'team-a',
      'InputError',
      'UnknownAddon',
      'addon',
    ],
    [
      'conflicting addons',
      'EnableAddon',
      { service: 'ingress-nginx', addon: 'internal-lb', stage: 'staging' },
      'team-a',
      'InputError',
      'AddonConflict',
      'stages/staging/runtime/ingress-nginx.yaml',
    ],
    [
      'a prerelease promoted to prod',
      'PromoteApp',
      { app: 'shop', to: [{ stage: 'resource:default/stage-prod' }] },
      'team-a',
      'InputError',
      'PrereleaseNotAllowed',
      'apps/shop/prod/release.yaml',
    ],
    ["another tenant's app", 'OffboardApp', { name: 'billing' }, 'team-a', 'NotAllowedError', 'Forbidden', undefined],
    [
      'a group that owns no tenant',
      'OnboardApp',
      { ...PLATTER_ACTION_EXAMPLES.OnboardApp.input, tenant: 'group:default/nobody' },
      'team-a',
      'InputError',
      'UnknownTenant',
      'tenant',
    ],
    [
      'an env entity where a stage belongs',
      'EnableAddon',
      { service: 'ingress-nginx', addon: 'metrics', stage: 'resource:default/env-prod-eu' },
      'platform',
      'InputError',
      'InvalidRequest',
      'stage',
    ],
    [
      'a missing required field (zod, through the core)',
      'PromoteApp',
      { app: 'shop' },
      'team-a',
      'InputError',
      'InvalidRequest',
      undefined,
    ],
  ])('%s: %s fails with %s (%s) and writes nothing', async (_name, kind, input, as, errorName, code, path) => {
    const error = await failure(kind, input, as);
    expect(error?.name).toBe(errorName);
    expect(error.cause?.code).toBe(code);
    expect(error.message).toContain(code);
    if (path) expect(error.message).toContain(path);
  });

  it('a task secret that is not set is InvalidRequest naming the mapped field', async () => {
    const error = await failure('CreateEnvironment', PLATTER_ACTION_EXAMPLES.CreateEnvironment.input, 'platform', {
      secrets: { other: 'x' },
    });
    expect(error).toMatchObject({
      name: 'InputError',
      cause: { code: 'InvalidRequest', path: 'secrets.runtime-external-dns.EXTERNAL_DNS_API_TOKEN' },
    });
  });

  it("the scaffolder's own task secrets are never secret values", async () => {
    const input = {
      ...PLATTER_ACTION_EXAMPLES.CreateEnvironment.input,
      secrets: { 'runtime-external-dns': { EXTERNAL_DNS_API_TOKEN: 'backstageToken' } },
    };
    const error = await failure('CreateEnvironment', input, 'platform', {
      secrets: { backstageToken: 'a-user-token-value' },
    });
    expect(error).toMatchObject({ name: 'InputError', cause: { code: 'InvalidRequest' } });
    expect(error.message).not.toContain('a-user-token-value');
  });

  it('permissions: a platform kind needs platterPlatformPermission', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: any[]) =>
        requests.map((r) => ({
          result: r.permission.name === 'platter.platform.manage' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    });
    const error = await failure('UpgradeComponent', PLATTER_ACTION_EXAMPLES.UpgradeComponent.input, 'team-a', {
      permissions,
    });
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('platter.platform.manage');
    // A tenant kind needs only the plan permission.
    const ok = await h.repository();
    const ctx = await h.context({ input: PLATTER_ACTION_EXAMPLES.OnboardApp.input, as: 'team-a' });
    await createPlatterAction('OnboardApp', {
      repository: ok.service,
      ...testIdentityDeps(),
      permissions,
      now: () => NOW,
    }).handler(ctx);
    expect(outputsOf(ctx).review).toBe('direct');
  });

  it("a failure that is not Platter's passes through unchanged", async () => {
    const outage = new Error('permission backend unreachable');
    const permissions = mockServices.permissions.mock({ authorize: async () => Promise.reject(outage) });
    expect(await failure('OnboardApp', PLATTER_ACTION_EXAMPLES.OnboardApp.input, 'team-a', { permissions })).toBe(
      outage,
    );
  });

  it('a task without a user is refused', async () => {
    const { service } = await h.repository();
    const ctx = {
      ...(await h.context({ input: PLATTER_ACTION_EXAMPLES.OnboardApp.input, as: 'team-a' })),
      getInitiatorCredentials: async () => mockCredentials.service(),
    };
    await expect(
      createPlatterAction('OnboardApp', { repository: service, ...testIdentityDeps() }).handler(ctx),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});

describe('actor', () => {
  it('a user of no tenant gets a plan that needs review, or Forbidden for tenant paths', async () => {
    const { service } = await h.repository();
    const ctx = await h.context({ input: PLATTER_ACTION_EXAMPLES.OnboardApp.input, as: 'nobody' });
    await expect(
      createPlatterAction('OnboardApp', { repository: service, ...testIdentityDeps(), now: () => NOW }).handler(ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      cause: { code: 'Forbidden' },
    });
  });

  it('groups come from the userInfo service when the task has no user entity', async () => {
    const { service } = await h.repository();
    const userInfo = mockServices.userInfo({
      userEntityRef: USERS['team-a'].ref,
      ownershipEntityRefs: [USERS['team-a'].ref, 'group:default/team-a'],
    });
    const ctx = {
      ...(await h.context({ input: PLATTER_ACTION_EXAMPLES.PromoteApp.input, as: 'team-a' })),
      user: undefined,
    };
    await createPlatterAction('PromoteApp', {
      repository: service,
      ...testIdentityDeps(),
      userInfo,
      now: () => NOW,
    }).handler(ctx);
    expect(outputsOf(ctx)).toMatchObject({
      review: 'direct',
      changedFiles: [{ path: 'apps/shop/prod/release.yaml', op: 'modify' }],
    });
  });

  it('the user entity of another user than the credentials is ignored', async () => {
    const { service } = await h.repository();
    const ctx = {
      ...(await h.context({ input: PLATTER_ACTION_EXAMPLES.OnboardApp.input, as: 'team-a' })),
      getInitiatorCredentials: async () => mockCredentials.user(USERS.nobody.ref),
    };
    await expect(
      createPlatterAction('OnboardApp', { repository: service, ...testIdentityDeps(), now: () => NOW }).handler(ctx),
    ).rejects.toMatchObject({ cause: { code: 'Forbidden' } });
  });
});

describe('dry run', () => {
  it('plans the same way and publish pushes nothing', async () => {
    const { remote, service } = await h.repository();
    const deps = { repository: service, ...testIdentityDeps(), now: () => NOW };
    const before = await h.remotes.git(remote, 'for-each-ref');
    const ctx = await h.context({ input: PLATTER_ACTION_EXAMPLES.EnableAddon.input, as: 'team-a', isDryRun: true });
    await createPlatterAction('EnableAddon', deps).handler(ctx);
    expect(outputsOf(ctx).review).toBe('platform-review');
    const pctx = await h.context({ input: {}, as: 'team-a', isDryRun: true, workspacePath: ctx.workspacePath });
    await createPublishAction({ ...deps, integrations: noIntegrations }).handler(pctx);
    expect(outputsOf(pctx)).toEqual({
      outcome: 'dry-run',
      mode: 'branch',
      review: 'platform-review',
      requestHash: outputsOf(ctx).plan.requestHash,
      branch: 'platter/enable-addon/ingress-nginx-metrics-staging',
    });
    expect(await h.remotes.git(remote, 'for-each-ref')).toBe(before);
  });
});

it(`${PLATTER_PUBLISH_ACTION_ID} is not a request kind's id`, () => {
  expect(Object.values(PLATTER_ACTION_IDS)).not.toContain(PLATTER_PUBLISH_ACTION_ID);
});
