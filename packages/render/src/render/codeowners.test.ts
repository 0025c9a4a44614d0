import { decideReview, layout, pathOwner, type Fleet } from '@platter/model';
import { RepoHarness } from '../testing';
import { renderChanges } from './render';
import { codeownersOf } from './renderSettings';

/**
 * Generated CODEOWNERS agrees with the review policy (DESIGN §3, issue 7): for
 * every path of a rendered repository, and for paths that do not exist yet but
 * would (a new app, a stage a tenant is not in yet), the owners CODEOWNERS gives
 * (last matching rule wins) are the handles of the owner pathOwner() names: the
 * tenant's codeowners for tenant paths, the platform team's for the rest.
 *
 * A tenant without handles cannot be named in CODEOWNERS: its paths fall to the
 * platform team there (pathOwner still lets the tenant commit them directly).
 */
const teamC = {
  kind: 'OnboardTenant',
  name: 'team-c',
  owner: 'group:default/team-c',
  codeowners: ['@example-org/team-c', '@jane'],
  stages: ['staging'],
};
const teamD = { kind: 'OnboardTenant', name: 'team-d', owner: 'group:default/team-d', stages: ['prod'] };
const app = (name: string, tenant: string, targets: object[]) => ({
  kind: 'OnboardApp',
  name,
  tenant,
  source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: name },
  targets,
  version: '1.0.0',
});

const FLEETS: [string, (h: RepoHarness) => void][] = [
  ['the example fleet', () => undefined],
  [
    'a new tenant with two handles and an app in a stage',
    (h) => void (h.apply(teamC), h.apply(app('cart', 'team-c', [{ stage: 'staging' }]))),
  ],
  [
    'an env-only app of a tenant in no stage',
    (h) => void h.apply(app('ledger', 'team-b', [{ env: 'prod-eu' }, { env: 'staging-eu' }])),
  ],
  [
    'a tenant without handles, with an app',
    (h) => void (h.apply(teamD), h.apply(app('reports', 'team-d', [{ stage: 'prod' }]))),
  ],
  [
    'a tenant whose apps were offboarded',
    (h) => void (h.apply({ kind: 'OffboardApp', name: 'shop' }), h.apply({ kind: 'OffboardApp', name: 'billing' })),
  ],
  [
    'a tenant onboarded into a second stage',
    (h) =>
      void (
        h.apply(teamC),
        h.apply({ ...teamC, stages: ['prod'] }),
        h.apply(app('cart', 'team-c', [{ stage: 'prod' }, { env: 'staging-eu' }]))
      ),
  ],
];

/** Paths that are not in the repository but could be: under every tenant, app, stage and env, known or new. */
function wouldBePaths(fleet: Fleet): string[] {
  const stages = [...fleet.stages.map((s) => s.name), 'qa'];
  const envs = [...fleet.environments.map((e) => e.name), 'new-env'];
  const tenants = [...fleet.tenants.map((t) => t.name), 'team-z'];
  const apps = [...fleet.apps.map((a) => a.name), 'new-app'];
  return [
    'README.md',
    '.github/workflows/validate.yaml',
    'runtime/new-svc/1.0.0/_base/kustomization.yaml',
    'stages/qa/kustomization.yaml',
    'envs/new-env/kustomization.yaml',
    'envs/new-env/secrets/x.yaml.encrypted',
    ...tenants.flatMap((t) => [
      `tenants/${t}/kustomization.yaml`,
      `tenants/${t}/base/rbac.yaml`,
      `tenants/${t}/base/extra/x.yaml`,
      `tenants/${t}/envs/kustomization.yaml`,
      ...stages.map((s) => `tenants/${t}/${s}/kustomization.yaml`),
      ...stages.map((s) => `tenants/${t}/${s}/new-app.yaml`),
      ...envs.map((e) => `tenants/${t}/envs/${e}/new-app.yaml`),
    ]),
    ...apps.flatMap((a) => [
      `apps/${a}`,
      `apps/${a}/README.md`,
      `apps/${a}/base/kustomization.yaml`,
      ...stages.map((s) => `apps/${a}/${s}/release.yaml`),
      ...envs.map((e) => `apps/${a}/envs/${e}/release.yaml`),
    ]),
  ];
}

describe('CODEOWNERS agrees with the review policy', () => {
  it.each(FLEETS)('%s: every path, existing or not, has the owners pathOwner() names', (_name, setup) => {
    const h = RepoHarness.example();
    setup(h);
    const fleet = h.model();
    const codeowners = h.read(layout.codeowners);
    const platform = [...fleet.settings.platformCodeowners];
    const paths = [...new Set([...h.tree.list(''), ...wouldBePaths(fleet)])];

    const mismatches = paths.flatMap((path) => {
      const owner = pathOwner([fleet], path);
      const tenant = owner.kind === 'tenant' ? fleet.tenants.find((t) => t.name === owner.tenant) : undefined;
      const expected = tenant?.codeowners.length ? [...tenant.codeowners] : platform;
      const actual = codeownersOf(codeowners, path);
      const policy = owner.kind === 'tenant' ? `tenant ${owner.tenant}` : 'platform';
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [`${path}: policy says ${policy} (${expected.join(' ')}), CODEOWNERS says ${actual?.join(' ') ?? 'nobody'}`];
    });
    expect(mismatches).toEqual([]);
    // The checks above covered both kinds of owner.
    expect(paths.some((p) => pathOwner([fleet], p).kind === 'tenant')).toBe(true);
  });
});

describe('codeownersOf', () => {
  const file = [
    '# comment',
    '*                @platform',
    '/apps/shop/      @team-a',
    '/tenants/t/*/    @team-t',
    '/tenants/t/base/ @platform',
    'docs/*.md        @docs',
    '**/logs          @logs',
    '/nobody/',
  ].join('\n');
  it.each([
    ['the catch-all', 'platter.yaml', ['@platform']],
    ['below an anchored directory', 'apps/shop/base/release.yaml', ['@team-a']],
    ['the directory itself is not below it', 'apps/shop', ['@platform']],
    ['a longer name is another directory', 'apps/shopping/base/release.yaml', ['@platform']],
    ['one segment of `*/`', 'tenants/t/prod/app.yaml', ['@team-t']],
    ['a file beside `*/` directories', 'tenants/t/kustomization.yaml', ['@platform']],
    ['a later rule wins', 'tenants/t/base/rbac.yaml', ['@platform']],
    ['`*` stays within a segment', 'docs/a/b.md', ['@platform']],
    ['an unanchored pattern with an inner slash is anchored', 'x/docs/a.md', ['@platform']],
    ['`**/` at any depth', 'a/b/logs/today', ['@logs']],
    ['a rule naming nobody', 'nobody/x', []],
  ])('%s', (_name, path, owners) => expect(codeownersOf(file, path)).toEqual(owners));

  it('no rule: nobody', () => expect(codeownersOf('/apps/ @a\n', 'platter.yaml')).toBeUndefined());
});

describe("a tenant's direct commit edits CODEOWNERS (issue 22 item 2b)", () => {
  const TEAM_A = { kind: 'tenant', tenant: 'team-a' } as const;
  const cart = app('cart', 'team-a', [{ stage: 'staging' }]);

  it('a tenant onboarding its app lands directly without touching CODEOWNERS; validate warns CodeownersBehind until the platform renders', () => {
    const h = RepoHarness.example();
    const before = h.read(layout.codeowners);
    const p = h.apply(cart, TEAM_A);
    expect(p.review).toBe('direct');
    expect(p.changes.map((c) => c.path)).not.toContain(layout.codeowners);
    expect(h.read(layout.codeowners)).toBe(before);
    // Meanwhile the new app is the platform team's in CODEOWNERS: more review, never less.
    expect(codeownersOf(h.read(layout.codeowners), 'apps/cart/base/kustomization.yaml')).toEqual([
      '@example-org/platform-team',
    ]);
    expect(h.validate().map((d) => [d.code, d.severity])).toEqual([['CodeownersBehind', 'warning']]);
    // Re-applied by the tenant: empty (the CODEOWNERS line it leaves to the platform is no change of its own).
    expect(h.plan(cart, TEAM_A).changes).toEqual([]);
    // The platform's render (`platter render`) brings it up to date.
    const rendered = renderChanges(h.model(), h.tree);
    expect(rendered.map((c) => c.path)).toEqual([layout.codeowners]);
    h.tree.apply(rendered);
    expect(codeownersOf(h.read(layout.codeowners), 'apps/cart/base/kustomization.yaml')).toEqual([
      '@example-org/team-a',
    ]);
    expect(h.validate()).toEqual([]);
  });

  it('a tenant removing its app leaves its line to the platform too', () => {
    const h = RepoHarness.example();
    const p = h.apply({ kind: 'OffboardApp', name: 'shop' }, TEAM_A);
    expect(p.review).toBe('direct');
    expect(p.changes.map((c) => c.path)).not.toContain(layout.codeowners);
    expect(h.validate().map((d) => d.code)).toEqual(['CodeownersBehind']);
  });

  it('the same content as the tenant would have written is still a platform change: any CODEOWNERS edit by a tenant needs review', () => {
    const h = RepoHarness.example();
    const p = h.plan(cart);
    const codeowners = p.changes.find((c) => c.path === layout.codeowners)!;
    const decision = decideReview(h.model(), h.model(), TEAM_A, [codeowners]);
    expect(decision).toMatchObject({ review: 'platform-review', platformPaths: [layout.codeowners] });
  });
});

describe('the immutability digest vouches for itself (issue 22 item 6): the review policy side', () => {
  it('any edit under runtime/ by a tenant needs platform review, a digest included', () => {
    const h = RepoHarness.example();
    const model = h.model();
    const file = 'runtime/ingress-nginx/1.0.0/component.yaml';
    for (const path of [
      file,
      'runtime/ingress-nginx/1.0.0/_base/kustomization.yaml',
      'runtime/ingress-nginx/9.9.9/component.yaml',
    ]) {
      const change = { path, op: 'modify' as const, before: 'a', after: 'b' };
      expect({
        path,
        decision: decideReview(model, model, { kind: 'tenant', tenant: 'team-a' }, [change]).review,
      }).toEqual({ path, decision: 'platform-review' });
      expect(pathOwner([model], path)).toEqual({ kind: 'platform' });
    }
  });
});
