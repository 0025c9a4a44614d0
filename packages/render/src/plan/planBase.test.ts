import { isPlatterError, parseRequest, type Actor, type RequestRejected } from '@platter/model';
import { plan, PlanBase, type Plan } from '.';
import { RepoHarness, TEST_NOW } from '../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const teamB: Actor = { kind: 'tenant', tenant: 'team-b' };
const platform: Actor = { kind: 'platform' };

/**
 * Requests of many kinds against the example fleet, as who asks: stage-wide and
 * one-env changes, changes to the model's files, to an app's overlay, to the
 * menu, refusals. Planned with a base and without, they must be the same plan.
 */
const REQUESTS: [string, unknown, Actor][] = [
  [
    'OnboardApp into a stage (tenant)',
    {
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
      targets: [{ stage: 'staging' }],
      version: '0.1.0',
    },
    teamA,
  ],
  [
    'OnboardApp into one env',
    {
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
      targets: [{ env: 'prod-eu' }],
      version: '0.1.0',
    },
    platform,
  ],
  [
    'PromoteApp to prod (tenant)',
    { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' },
    teamA,
  ],
  [
    'Rollback with a danger (tenant)',
    { kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '0.9.0' },
    teamA,
  ],
  [
    'Rollback of an image app in one env (tenant)',
    { kind: 'Rollback', app: 'billing', target: { env: 'staging-eu' }, version: '1.9.0' },
    teamB,
  ],
  [
    'EnableAddon on a stage',
    { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' },
    teamA,
  ],
  [
    'DisableAddon in one env',
    { kind: 'DisableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'prod-eu' },
    platform,
  ],
  ['SetConfig of one env', { kind: 'SetConfig', env: 'prod-eu', set: { team_channel: 'ops-alerts' } }, platform],
  ['SetConfig of a stage', { kind: 'SetConfig', stage: 'prod', set: { domain: 'example.org' } }, platform],
  [
    'OnboardTenant',
    { kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', codeowners: ['@c'], stages: ['prod'] },
    platform,
  ],
  ['OffboardApp from prod (tenant)', { kind: 'OffboardApp', name: 'shop', targets: [{ stage: 'prod' }] }, teamA],
  ['DeleteEnvironment', { kind: 'DeleteEnvironment', name: 'prod-us' }, platform],
  [
    'RemoveComponentFromStage',
    { kind: 'RemoveComponentFromStage', stage: 'staging', service: 'external-dns' },
    platform,
  ],
  [
    'an applied request (empty plan)',
    { kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' },
    teamA,
  ],
  ['refused: unknown stage', { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'nope' }], version: '1.3.0' }, teamA],
  ['refused: Forbidden', { kind: 'PromoteApp', app: 'billing', to: [{ stage: 'prod' }], version: '1.3.0' }, teamA],
];

/** The plan, or the refusal's code and path. */
function outcome(fn: () => Plan): Plan | { refused: string; path?: string } {
  try {
    return fn();
  } catch (e) {
    if (!isPlatterError(e)) throw e;
    return { refused: e.code, ...(e.path ? { path: e.path } : {}) };
  }
}

describe('plan() on a PlanBase (issue 17)', () => {
  const tree = RepoHarness.example().tree;
  // One base for every case, in order: a plan must leave the base as it found it for the next.
  const base = PlanBase.of(tree, { commit: 'c0ffee' });

  it.each(REQUESTS)('%s: the same plan as without a base', (_name, input, actor) => {
    const request = parseRequest(input);
    const cold = outcome(() => plan(tree, request, { now: TEST_NOW, actor, baseCommit: 'c0ffee' }));
    const warm = outcome(() => plan(tree, request, { now: TEST_NOW, actor, base }));
    expect(warm).toEqual(cold);
  });

  it('the base is parsed once: the same model for every read, and plans again equal after many', () => {
    expect(base.parsed()).toBe(base.parsed());
    expect(base.walked()).toBe(base.reader);
    const request = parseRequest(REQUESTS[0]![1]);
    expect(plan(tree, request, { now: TEST_NOW, actor: teamA, base })).toEqual(
      plan(tree, request, { now: TEST_NOW, actor: teamA, baseCommit: 'c0ffee' }),
    );
  });

  // A base prepared ahead (every env checked and built before any plan asks) plans what a plain one does.
  it.each(REQUESTS)('%s: the same plan on a base prepared ahead', (_name, input, actor) => {
    const prepared = preparedBase(tree);
    const request = parseRequest(input);
    const cold = outcome(() => plan(tree, request, { now: TEST_NOW, actor, baseCommit: 'c0ffee' }));
    expect(outcome(() => plan(tree, request, { now: TEST_NOW, actor, base: prepared }))).toEqual(cold);
  });

  it('prepares nothing until a plan has walked the commit, then every env once', () => {
    const fresh = PlanBase.of(tree, { commit: 'c0ffee' });
    expect([...fresh.prepare()]).toEqual([]);
    expect(fresh.validated).toBe(false);
    fresh.validation();
    const envs = fresh.parsed().model!.environments.map((e) => e.name);
    expect([...fresh.prepare()]).toEqual(envs);
    expect(fresh.validation().keptEnvironments).toBe(envs.length);
  });

  it('refuses a base prepared from another tree (plans would read the wrong files)', () => {
    const other = RepoHarness.example().tree;
    expect(() => plan(other, parseRequest(REQUESTS[7]![1]), { now: TEST_NOW, base })).toThrow(/another tree/);
  });
});

/** A base of `tree` walked (as a first plan leaves it) and prepared all through, as a backend does in the background. */
function preparedBase(tree: PlanBase['source']): PlanBase {
  const base = PlanBase.of(tree, { commit: 'c0ffee' });
  base.validation();
  for (const _env of base.prepare());
  return base;
}

type Damage = (h: RepoHarness) => unknown;
const nothing: Damage = () => undefined;
// Standing findings the repository has before the request: a plan explains them away only when they were there.
const wafMissing: Damage = (h) =>
  h.editYaml('stages/staging/runtime/ingress-nginx.yaml', (k) => k.spec.components.push('../waf'));
const duplicateInProdEu: Damage = (h) =>
  h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('env-config.yaml'));
const danglingDependsOn: Damage = (h) =>
  h.editYaml('stages/prod/runtime/cert-manager.yaml', (k) => (k.spec.dependsOn = [{ name: 'runtime-nope' }]));

/**
 * Requests whose change introduces findings (refusals carrying them, warnings in
 * the plan) or meets findings the repository already had: validated
 * incrementally against the base's index, or in full without a base, the plan
 * (or the refusal) is the same. `expected`: the refusal's code, or warning codes
 * the plan carries (so each row really exercises a finding).
 */
const FINDINGS: [string, Damage, unknown, Actor, { refused?: string; warnings?: string[] }][] = [
  [
    'refused: a duplicate resource in one env (structure)',
    nothing,
    { kind: 'PromoteApp', app: 'shop', to: [{ env: 'prod-eu' }], version: '1.2.0' },
    platform,
    { refused: 'DuplicateResourceId' },
  ],
  [
    'refused: a component the stage still needs (dependsOn)',
    nothing,
    { kind: 'RemoveComponentFromStage', stage: 'prod', service: 'cert-manager' },
    platform,
    { refused: 'UnknownDependency' },
  ],
  [
    'warning: a deprecated version the stages run (model rule)',
    nothing,
    {
      kind: 'DeprecateComponentVersion',
      service: 'ingress-nginx',
      version: '1.0.0',
      sunset: '2027-06-30',
      message: 'Move to 1.1.0.',
    },
    platform,
    { warnings: ['DeprecatedVersion'] },
  ],
  [
    'warning: an app left without a deployment',
    nothing,
    { kind: 'DeleteEnvironment', name: 'staging-eu' },
    platform,
    { warnings: ['AppNotDeployed'] },
  ],
  [
    'a standing stage error the request repairs',
    wafMissing,
    { kind: 'DisableAddon', service: 'ingress-nginx', addon: 'waf', stage: 'staging' },
    platform,
    {},
  ],
  [
    'a standing stage error the change reaches (explained by the findings before)',
    wafMissing,
    { kind: 'SetConfig', env: 'staging-eu', set: { team_channel: 'ops-alerts' } },
    platform,
    {},
  ],
  [
    'a standing env error, a change to the same env',
    duplicateInProdEu,
    { kind: 'SetConfig', env: 'prod-eu', set: { team_channel: 'ops-alerts' } },
    platform,
    {},
  ],
  [
    'a standing env error, a stage-wide change',
    duplicateInProdEu,
    { kind: 'SetConfig', stage: 'prod', set: { domain: 'example.org' } },
    platform,
    {},
  ],
  [
    'a standing dangling dependsOn, an app promoted into the stage (tenant)',
    danglingDependsOn,
    { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' },
    teamA,
    {},
  ],
  [
    'a standing dangling dependsOn, a new finding on top',
    danglingDependsOn,
    { kind: 'PromoteApp', app: 'shop', to: [{ env: 'prod-eu' }], version: '1.2.0' },
    platform,
    { refused: 'DuplicateResourceId' },
  ],
  [
    'refused on a damaged stage: the stage loses what its own component needs',
    wafMissing,
    { kind: 'RemoveComponentFromStage', stage: 'prod', service: 'cert-manager' },
    platform,
    { refused: 'UnknownDependency' },
  ],
];

describe('plan() on a PlanBase: findings a change introduces (issue 17, incremental validation)', () => {
  it.each(FINDINGS)('%s: the same plan as without a base', (_name, damage, input, actor, expected) => {
    const h = RepoHarness.example();
    damage(h);
    const base = PlanBase.of(h.tree, { commit: 'c0ffee' });
    const request = parseRequest(input);
    const cold = outcome(() => plan(h.tree, request, { now: TEST_NOW, actor, baseCommit: 'c0ffee' }));
    const warm = outcome(() => plan(h.tree, request, { now: TEST_NOW, actor, base }));
    expect(warm).toEqual(cold);
    if (expected.refused) expect(warm).toMatchObject({ refused: expected.refused });
    else expect(warm).not.toHaveProperty('refused');
    for (const code of expected.warnings ?? []) expect((warm as Plan).diagnostics.map((d) => d.code)).toContain(code);
    // The base answers the next plan the same way (its kept findings of the commit are the commit's).
    expect(outcome(() => plan(h.tree, request, { now: TEST_NOW, actor, base }))).toEqual(cold);
    // And a base that checked and built every env of the damaged commit ahead of the plan.
    expect(outcome(() => plan(h.tree, request, { now: TEST_NOW, actor, base: preparedBase(h.tree) }))).toEqual(cold);
  });

  it('a refusal carries the findings (RequestRejected), the same with a base', () => {
    const h = RepoHarness.example();
    const base = PlanBase.of(h.tree);
    const request = parseRequest(FINDINGS[0]![2]);
    const diagnostics = (fn: () => Plan) => {
      try {
        fn();
      } catch (e) {
        // RequestRejected carries the findings (its code is the first one's).
        if (isPlatterError(e) && 'diagnostics' in e) return (e as RequestRejected).diagnostics;
        throw e;
      }
      throw new Error('not refused');
    };
    const warm = diagnostics(() => plan(h.tree, request, { now: TEST_NOW, base }));
    expect(warm).toEqual(diagnostics(() => plan(h.tree, request, { now: TEST_NOW })));
    expect(warm.map((d) => d.code)).toContain('DuplicateResourceId');
  });
});

describe("renderedDiff: 'when-deciding' keeps the review path (issue 17)", () => {
  const tree = RepoHarness.example().tree;
  it.each(REQUESTS)('%s: the same review, the same plan apart from the rendered diff', (_name, input, actor) => {
    const request = parseRequest(input);
    const always = outcome(() => plan(tree, request, { now: TEST_NOW, actor }));
    const deciding = outcome(() => plan(tree, request, { now: TEST_NOW, actor, renderedDiff: 'when-deciding' }));
    if ('refused' in always) return expect(deciding).toEqual(always);
    const { renderedDiff, ...rest } = always;
    expect(deciding).toEqual(expect.objectContaining(rest));
    expect((deciding as Plan).review).toBe(always.review);
    // Built when it decided: a tenant's change that lands directly was checked for danger findings.
    if (actor.kind === 'tenant' && always.review === 'direct' && always.changes.length)
      expect((deciding as Plan).renderedDiff).toEqual(renderedDiff);
    if (actor.kind === 'platform') expect((deciding as Plan).renderedDiff).toBeUndefined();
  });

  it("a danger finding still sends a tenant's direct-looking change to review", () => {
    const request = parseRequest(REQUESTS[3]![1]);
    const p = plan(tree, request, { now: TEST_NOW, actor: teamA, renderedDiff: 'when-deciding' });
    expect(p.changes.map((c) => c.path)).toEqual(['apps/shop/prod/release.yaml']);
    expect(p.renderedDiff?.groups.flatMap((g) => g.dangers.map((d) => d.code))).toEqual(['ChartMajorVersionChanged']);
    expect(p.review).toBe('platform-review');
  });
});
