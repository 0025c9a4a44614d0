import { isPlatterError, parseRequest, REQUEST_KINDS, type RequestKind } from '@platter/model';
import { DEMO_AGE_RECIPIENT } from '../../example';
import { fakeSealedSecret, RepoHarness, TEST_NOW } from '../../testing';
import { addMetricsServer } from '../../testing/menuFixtures';
import { plan } from '../plan';

/**
 * Change freezes (issue 19 §4) through every request kind: plan() applies the
 * one freeze rule (slow: ~50 plans) where it computes what a change reaches, so each kind is
 * refused (Frozen) when it would change the frozen stage prod, goes to review
 * as an override for a member of the freeze's overrideBy group, and plans as
 * before once the freeze has ended. Kinds that change only the menu (a new
 * service or version, removing an unused one) reach no env: a freeze does not
 * stop them. The clock is TEST_NOW (2026-11-27T12:00Z).
 */
type Case = {
  request: Record<string, unknown>;
  setup?: (h: RepoHarness) => unknown;
  /** Whether the request changes the frozen stage prod. */
  reachesProd: boolean;
};

const sealedDns = {
  name: 'runtime-external-dns',
  keys: ['EXTERNAL_DNS_API_TOKEN'],
  sealed: fakeSealedSecret({
    name: 'runtime-external-dns',
    keys: ['EXTERNAL_DNS_API_TOKEN'],
    recipients: [DEMO_AGE_RECIPIENT],
  }),
};

// One entry per kind: a kind added to kinds.ts without one here is a compile error (and fails below).
const CASES: { readonly [K in RequestKind]: Case } = {
  CreateEnvironment: {
    request: {
      kind: 'CreateEnvironment',
      name: 'prod-ap',
      stage: 'prod',
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: 'prod-ap', region: 'ap-southeast-1' },
    },
    reachesProd: true,
  },
  CreateStage: {
    request: { kind: 'CreateStage', name: 'canary', after: 'staging', promotesFrom: 'staging' },
    reachesProd: false,
  },
  // A stage a freeze names cannot be deleted at all (DeleteStage: StageInUse); an unfrozen one reaches no env.
  DeleteStage: {
    setup: (h) => h.apply({ kind: 'CreateStage', name: 'qa', after: 'staging' }),
    request: { kind: 'DeleteStage', name: 'qa' },
    reachesProd: false,
  },
  DeleteEnvironment: { request: { kind: 'DeleteEnvironment', name: 'prod-us' }, reachesProd: true },
  OnboardTenant: {
    request: { kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', stages: ['prod'] },
    reachesProd: true,
  },
  OffboardTenant: { request: { kind: 'OffboardTenant', name: 'team-a', cascade: true }, reachesProd: true },
  OnboardApp: {
    request: {
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
      targets: [{ stage: 'prod' }],
      version: '0.1.0',
    },
    reachesProd: true,
  },
  OffboardApp: { request: { kind: 'OffboardApp', name: 'shop', targets: [{ stage: 'prod' }] }, reachesProd: true },
  EnableAddon: {
    request: { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'prod-us' },
    reachesProd: true,
  },
  DisableAddon: {
    request: { kind: 'DisableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'prod-eu' },
    reachesProd: true,
  },
  AddComponentToStage: {
    setup: (h) => h.apply(addMetricsServer),
    request: { kind: 'AddComponentToStage', stage: 'prod', service: 'metrics-server' },
    reachesProd: true,
  },
  RemoveComponentFromStage: {
    request: { kind: 'RemoveComponentFromStage', stage: 'prod', service: 'external-dns' },
    reachesProd: true,
  },
  PromoteApp: {
    request: { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' },
    reachesProd: true,
  },
  Rollback: {
    setup: (h) => h.apply({ kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' }),
    request: { kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' },
    reachesProd: true,
  },
  SetConfig: { request: { kind: 'SetConfig', env: 'prod-eu', set: { team_channel: 'ops' } }, reachesProd: true },
  AddCloudResource: {
    request: {
      kind: 'AddCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'uploads',
      class: 's3-bucket',
      parameters: { backups: true, retentionDays: 30 },
    },
    reachesProd: true,
  },
  RemoveCloudResource: {
    setup: (h) =>
      h.apply({
        kind: 'AddCloudResource',
        app: 'shop',
        target: { stage: 'prod' },
        name: 'uploads',
        class: 's3-bucket',
        parameters: { backups: true, retentionDays: 30 },
      }),
    request: {
      kind: 'RemoveCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'uploads',
      confirmDeletionPolicy: 'Orphan',
    },
    reachesProd: true,
  },
  SetSecret: { request: { kind: 'SetSecret', env: 'prod-eu', rotate: true, secret: sealedDns }, reachesProd: true },
  AddRuntimeService: { request: addMetricsServer, reachesProd: false },
  ReleaseComponentVersion: {
    request: { kind: 'ReleaseComponentVersion', service: 'ingress-nginx', version: '1.2.0', from: '1.1.0' },
    reachesProd: false,
  },
  DeprecateComponentVersion: {
    request: { kind: 'DeprecateComponentVersion', service: 'ingress-nginx', version: '1.0.0', sunset: '2099-06-01' },
    reachesProd: true,
  },
  RemoveComponentVersion: {
    setup: (h) =>
      h.apply({ kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0' }),
    request: { kind: 'RemoveComponentVersion', service: 'cert-manager', version: '1.1.0' },
    reachesProd: false,
  },
  UpgradeCampaign: {
    // staging already runs 1.1.0: the next wave is prod.
    request: { kind: 'UpgradeCampaign', service: 'ingress-nginx', version: '1.1.0' },
    reachesProd: true,
  },
  UpgradeComponent: {
    request: { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' },
    reachesProd: true,
  },
};

const FREEZE = {
  name: 'black-friday',
  stages: ['prod'],
  from: '2026-11-27',
  until: '2026-11-30',
  reason: 'Black Friday traffic',
  overrideBy: ['group:default/sre'],
};

function frozenRepo(c: Case, freeze: Record<string, unknown> = FREEZE): RepoHarness {
  const h = RepoHarness.example();
  c.setup?.(h);
  return h.editYaml('platter.yaml', (doc) => {
    doc.spec.freezes = [freeze];
  });
}

const sre = { kind: 'platform', user: 'user:default/sam', groups: ['user:default/sam', 'group:default/sre'] } as const;
const jane = { kind: 'platform', user: 'user:default/jane', groups: ['group:default/platform-team'] } as const;
const AFTER = new Date('2026-12-01T00:00:00Z');

// Every kind of the kind list: one added without a case here fails (and does not compile).
describe.each(REQUEST_KINDS.map((k) => [k] as const))('%s under a freeze of stage prod', (kind) => {
  const c: Case | undefined = (CASES as Partial<Record<RequestKind, Case>>)[kind];
  if (!c) throw new Error(`no freeze case for request kind ${kind}: add one to CASES (freezes.kinds.slow.test.ts)`);
  const request = parseRequest(JSON.parse(JSON.stringify(c.request)));

  it(
    c.reachesProd ? 'is refused with Frozen and the reason, writing nothing' : 'is not stopped (reaches no env)',
    () => {
      const h = frozenRepo(c);
      const run = () => plan(h.tree, request, { actor: jane, now: TEST_NOW });
      if (!c.reachesProd) {
        const p = run();
        expect(p.changes.length).toBeGreaterThan(0);
        expect(p.freezeOverrides).toBeUndefined();
        return;
      }
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(isPlatterError(error, 'Frozen')).toBe(true);
      expect((error as Error).message).toContain('Black Friday traffic');
      expect((error as { path?: string }).path).toBe('platter.yaml#spec.freezes');
      expect(kind).toBe(request.kind);
    },
  );

  if (c.reachesProd) {
    it('goes to review as an override for a member of overrideBy', () => {
      const p = plan(frozenRepo(c).tree, request, { actor: sre, now: TEST_NOW });
      expect(p.review).toBe('platform-review');
      expect(p.freezeOverrides).toEqual([expect.objectContaining({ name: 'black-friday', stages: expect.any(Array) })]);
      expect(p.diagnostics.map((d) => d.code)).toContain('FreezeOverride');
    });

    it('plans as before once the freeze has ended', () => {
      const p = plan(frozenRepo(c).tree, request, { actor: jane, now: AFTER });
      expect(p.changes.length).toBeGreaterThan(0);
      expect(p.freezeOverrides).toBeUndefined();
      expect(p.review).toBe('direct');
    });
  }
});
