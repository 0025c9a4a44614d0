import { effectiveComponents, findEnvironment, type Actor } from '@platter/model';
import { renderChanges } from '../../render';
import { comparable, RepoHarness, roundTrip, rejection } from '../../testing';
import { releaseIngressWithWaf, runIngressVersion } from './addonFixtures';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const enable = (addon: string, where: { stage: string } | { env: string }, service = 'ingress-nginx') => ({
  kind: 'EnableAddon',
  service,
  addon,
  ...where,
});
const disable = (addon: string, where: { stage: string } | { env: string }, service = 'ingress-nginx') => ({
  kind: 'DisableAddon',
  service,
  addon,
  ...where,
});

/** `env: addons` of ingress-nginx as each env runs it (stage list + env overrides), from the parsed files. */
function ingressAddons(h: RepoHarness): Record<string, string[]> {
  const m = h.model();
  return Object.fromEntries(
    ['staging-eu', 'prod-eu', 'prod-us'].map((e) => [
      e,
      effectiveComponents(m, findEnvironment(m, e)!).find((c) => c.service === 'ingress-nginx')!.addons as string[],
    ]),
  );
}

function expectStable(h: RepoHarness) {
  expect(h.errors()).toEqual([]);
  const model = h.model();
  expect(renderChanges(model, h.tree)).toEqual([]);
  expect(comparable(roundTrip(model, h.tree))).toEqual(comparable(model));
}

describe('planEnableAddon', () => {
  it.each<[string, Record<string, unknown>, string[], Record<string, string[]>]>([
    [
      'for a stage: only the stage runtime file (appended: order is meaning)',
      enable('internal-lb', { stage: 'prod' }),
      ['modify stages/prod/runtime/ingress-nginx.yaml'],
      { 'staging-eu': ['nodeport'], 'prod-eu': ['metrics', 'internal-lb'], 'prod-us': ['internal-lb'] },
    ],
    [
      'for one env: a JSON6902 add on its kustomization',
      enable('internal-lb', { env: 'prod-eu' }),
      ['modify envs/prod-eu/kustomization.yaml'],
      { 'staging-eu': ['nodeport'], 'prod-eu': ['metrics', 'internal-lb'], 'prod-us': [] },
    ],
    [
      'for an env that disabled it: the override goes',
      enable('metrics', { env: 'prod-us' }),
      ['modify envs/prod-us/kustomization.yaml'],
      { 'staging-eu': ['nodeport'], 'prod-eu': ['metrics'], 'prod-us': ['metrics'] },
    ],
    [
      'for an env that already overrides the service: one patch, disable then add',
      enable('nodeport', { env: 'prod-us' }),
      ['modify envs/prod-us/kustomization.yaml'],
      { 'staging-eu': ['nodeport'], 'prod-eu': ['metrics'], 'prod-us': ['nodeport'] },
    ],
  ])('%s', (_name, request, changed, addons) => {
    const h = RepoHarness.example();
    const p = h.apply(request, teamA);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.review).toBe('platform-review');
    expect(ingressAddons(h)).toEqual(addons);
    expectStable(h);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('writes the env override as JSON6902 on runtime-ingress-nginx', () => {
    const h = RepoHarness.example();
    h.apply(enable('internal-lb', { env: 'prod-eu' }));
    expect(h.read('envs/prod-eu/kustomization.yaml')).toContain(
      [
        'patches:',
        '  - target:',
        '      kind: Kustomization',
        '      name: runtime-ingress-nginx',
        '    patch: |',
        '      - op: add',
        '        path: /spec/components/-',
        '        value: ../internal-lb',
      ].join('\n'),
    );
    h.apply(enable('nodeport', { env: 'prod-us' }));
    expect(h.read('envs/prod-us/kustomization.yaml')).toContain(
      [
        '      - op: test',
        '        path: /spec/components/0',
        '        value: ../metrics',
        '      - op: remove',
        '        path: /spec/components/0',
        '      - op: add',
        '        path: /spec/components/-',
        '        value: ../nodeport',
      ].join('\n'),
    );
  });

  it.each([
    ['the stage has it', enable('nodeport', { stage: 'staging' })],
    ["the env's stage has it", enable('metrics', { env: 'prod-eu' })],
  ])('is an empty plan when %s', (_name, request) => {
    const h = RepoHarness.example();
    const p = h.plan(request);
    expect(p.changes).toEqual([]);
    expect(p.review).toBe('direct');
  });

  it('the issue scenario: an env override survives later stage changes, and a stale one is reported', () => {
    const h = RepoHarness.example();
    expect(h.plan(enable('nodeport', { stage: 'staging' })).changes).toEqual([]);
    expect(h.plan(enable('metrics', { env: 'prod-eu' })).changes).toEqual([]);
    h.apply(enable('internal-lb', { env: 'prod-eu' }));
    const prodEu = h.read('envs/prod-eu/kustomization.yaml');

    // A stage change reaches the env through its untouched override; prod-us's disable of metrics would be stale and goes.
    const p = h.apply(disable('metrics', { stage: 'prod' }));
    expect(RepoHarness.changed(p)).toEqual([
      'modify envs/prod-us/kustomization.yaml',
      'modify stages/prod/runtime/ingress-nginx.yaml',
    ]);
    expect(h.read('envs/prod-eu/kustomization.yaml')).toBe(prodEu);
    expect(ingressAddons(h)).toEqual({ 'staging-eu': ['nodeport'], 'prod-eu': ['internal-lb'], 'prod-us': [] });
    expectStable(h);

    // A stage change that conflicts with what the env added is refused, naming the env.
    expect(rejection(h, enable('nodeport', { stage: 'prod' }))).toEqual({
      code: 'AddonConflict',
      path: 'envs/prod-eu/kustomization.yaml',
    });

    // The stage taking the addon over makes the env's override redundant: it goes in the same change.
    const q = h.apply(enable('internal-lb', { stage: 'prod' }));
    expect(RepoHarness.changed(q)).toEqual([
      'modify envs/prod-eu/kustomization.yaml',
      'modify stages/prod/runtime/ingress-nginx.yaml',
    ]);
    expect(ingressAddons(h)).toEqual({
      'staging-eu': ['nodeport'],
      'prod-eu': ['internal-lb'],
      'prod-us': ['internal-lb'],
    });
    expectStable(h);
  });

  it('a stage changed by hand under an env override is a StaleOverride finding', () => {
    const h = RepoHarness.example();
    h.apply(enable('internal-lb', { env: 'prod-eu' }));
    h.editYaml('stages/prod/runtime/ingress-nginx.yaml', (k) => k.spec.components.push('../internal-lb'));
    // Redundant for the model; and kustomize would include the addon twice.
    expect(h.errors()).toEqual([
      ['StaleOverride', 'envs/prod-eu/kustomization.yaml'],
      ['DiamondComponent', 'runtime/ingress-nginx/1.0.0/_base/kustomization.yaml'],
    ]);
  });

  it("env-enabled addons apply after the stage's, by name (the model sorts overrides); re-enabling one is empty", () => {
    const h = runIngressVersion(releaseIngressWithWaf(RepoHarness.example()), 'staging', '1.2.0');
    h.apply(enable('waf', { env: 'staging-eu' }));
    h.apply(enable('metrics', { env: 'staging-eu' }));
    expect(ingressAddons(h)['staging-eu']).toEqual(['nodeport', 'waf', 'metrics']);
    expect(h.plan(enable('waf', { env: 'staging-eu' })).changes).toEqual([]);
    expect(h.plan(enable('metrics', { env: 'staging-eu' })).changes).toEqual([]);
    expectStable(h);
  });

  it('renders only what the request is about: hand drift elsewhere is left alone', () => {
    const h = RepoHarness.example();
    h.editYaml('apps/shop/base/release.yaml', (r) => (r.spec.interval = '5m'));
    h.editYaml('stages/staging/stage-config.yaml', (c) => (c.data.domain = 'staging.example.net'));
    expect(RepoHarness.changed(h.plan(enable('internal-lb', { env: 'prod-eu' })))).toEqual([
      'modify envs/prod-eu/kustomization.yaml',
    ]);
    expect(RepoHarness.changed(h.plan(enable('internal-lb', { stage: 'prod' })))).toEqual([
      'modify stages/prod/runtime/ingress-nginx.yaml',
    ]);
    expect(h.plan(enable('nodeport', { stage: 'staging' })).changes).toEqual([]);
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    [
      "an addon conflicting with the stage's",
      'AddonConflict',
      'stages/staging/runtime/ingress-nginx.yaml',
      enable('internal-lb', { stage: 'staging' }),
    ],
    [
      "an env addon conflicting with its stage's",
      'AddonConflict',
      'envs/staging-eu/kustomization.yaml',
      enable('internal-lb', { env: 'staging-eu' }),
    ],
    ['an addon no version has', 'UnknownAddon', 'addon', enable('waf', { stage: 'prod' })],
    ['a service without addons', 'UnknownAddon', 'addon', enable('metrics', { stage: 'prod' }, 'cert-manager')],
    [
      'a service the stage does not run',
      'UnknownRuntimeService',
      'stages/prod/runtime',
      enable('metrics', { stage: 'prod' }, 'grafana'),
    ],
    ['an unknown stage', 'UnknownStage', 'stage', enable('metrics', { stage: 'qa' })],
    ['an unknown env', 'UnknownEnvironment', 'env', enable('metrics', { env: 'qa-eu' })],
    ['both a stage and an env', 'InvalidRequest', 'env', { ...enable('metrics', { stage: 'prod' }), env: 'prod-eu' }],
    ['a mis-spelt addon', 'UnknownAddon', 'addon', enable('metrix', { stage: 'prod' })],
    ['an addon name that is no name', 'InvalidName', 'addon', enable('Metrics', { stage: 'prod' })],
    [
      'a version the env does not run (any more)',
      'Conflict',
      'stages/prod/runtime/ingress-nginx.yaml',
      { ...enable('metrics', { env: 'prod-eu' }), version: '1.1.0' },
    ],
  ])('rejects %s -> %s', (_name, code, path, request) => {
    const got = rejection(RepoHarness.example(), request);
    expect(got).toEqual({ code, path });
  });

  it('the version the requester saw running is a guard: the same as running plans as without it', () => {
    const h = RepoHarness.example();
    const without = h.plan(enable('internal-lb', { env: 'prod-eu' }));
    const withVersion = h.plan({ ...enable('internal-lb', { env: 'prod-eu' }), version: '1.0.0' });
    expect(withVersion.changes.map((c) => c.path)).toEqual(without.changes.map((c) => c.path));
    expect(withVersion.changes.map((c) => c.after)).toEqual(without.changes.map((c) => c.after));
  });

  it('an addon only another version has -> AddonIncompatible', () => {
    const h = releaseIngressWithWaf(RepoHarness.example());
    expect(h.errors()).toEqual([]);
    expect(rejection(h, enable('waf', { stage: 'staging' }))).toEqual({ code: 'AddonIncompatible', path: 'addon' });
    expect(rejection(h, enable('waf', { env: 'prod-eu' }))).toEqual({ code: 'AddonIncompatible', path: 'addon' });
    runIngressVersion(h, 'staging', '1.2.0');
    expect(RepoHarness.changed(h.plan(enable('waf', { stage: 'staging' })))).toEqual([
      'modify stages/staging/runtime/ingress-nginx.yaml',
    ]);
  });
});
