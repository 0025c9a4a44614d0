import { effectiveComponents, findEnvironment, type Actor } from '@platter/model';
import { renderChanges } from '../../render';
import { comparable, RepoHarness, roundTrip, rejection } from '../../testing';
import { releaseIngressWithWaf } from '../enableAddon/addonFixtures';

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

describe('planDisableAddon', () => {
  it.each<[string, Record<string, unknown>, string[], Record<string, string[]>]>([
    [
      'for a stage: only its runtime file',
      disable('nodeport', { stage: 'staging' }),
      ['modify stages/staging/runtime/ingress-nginx.yaml'],
      { 'staging-eu': [], 'prod-eu': ['metrics'], 'prod-us': [] },
    ],
    [
      "for a stage: an env's disable of it would be stale and goes with it",
      disable('metrics', { stage: 'prod' }),
      ['modify envs/prod-us/kustomization.yaml', 'modify stages/prod/runtime/ingress-nginx.yaml'],
      { 'staging-eu': ['nodeport'], 'prod-eu': [], 'prod-us': [] },
    ],
    [
      'for one env: a JSON6902 test + remove',
      disable('metrics', { env: 'prod-eu' }),
      ['modify envs/prod-eu/kustomization.yaml'],
      { 'staging-eu': ['nodeport'], 'prod-eu': [], 'prod-us': [] },
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

  it('writes the env override as a test of the stage index, then remove', () => {
    const h = RepoHarness.example();
    h.apply(disable('metrics', { env: 'prod-eu' }));
    expect(h.read('envs/prod-eu/kustomization.yaml')).toContain(
      [
        '    patch: |',
        '      - op: test',
        '        path: /spec/components/0',
        '        value: ../metrics',
        '      - op: remove',
        '        path: /spec/components/0',
      ].join('\n'),
    );
  });

  it('disabling what the env enabled removes the override, byte for byte', () => {
    const h = RepoHarness.example();
    const original = h.read('envs/prod-eu/kustomization.yaml');
    h.apply(enable('internal-lb', { env: 'prod-eu' }));
    const p = h.apply(disable('internal-lb', { env: 'prod-eu' }));
    expect(RepoHarness.changed(p)).toEqual(['modify envs/prod-eu/kustomization.yaml']);
    expect(h.read('envs/prod-eu/kustomization.yaml')).toBe(original);
  });

  it('a stage change that shifts the list re-indexes the env overrides that test it', () => {
    const h = RepoHarness.example();
    h.apply(enable('internal-lb', { stage: 'prod' })); // prod: [metrics, internal-lb]
    h.apply(disable('internal-lb', { env: 'prod-eu' }));
    expect(h.read('envs/prod-eu/kustomization.yaml')).toContain(
      'path: /spec/components/1\n        value: ../internal-lb',
    );
    const p = h.apply(disable('metrics', { stage: 'prod' })); // prod: [internal-lb]
    expect(RepoHarness.changed(p)).toEqual([
      'modify envs/prod-eu/kustomization.yaml',
      'modify envs/prod-us/kustomization.yaml',
      'modify stages/prod/runtime/ingress-nginx.yaml',
    ]);
    expect(h.read('envs/prod-eu/kustomization.yaml')).toContain(
      'path: /spec/components/0\n        value: ../internal-lb',
    );
    expect(ingressAddons(h)).toEqual({ 'staging-eu': ['nodeport'], 'prod-eu': [], 'prod-us': ['internal-lb'] });
    expectStable(h);
  });

  it.each([
    ['the env already disables it', disable('metrics', { env: 'prod-us' })],
    ['the stage does not run it', disable('nodeport', { stage: 'prod' })],
    ['neither the stage nor the env enables it', disable('internal-lb', { env: 'prod-eu' })],
  ])('is an empty plan when %s', (_name, request) => {
    const p = RepoHarness.example().plan(request);
    expect(p.changes).toEqual([]);
    expect(p.review).toBe('direct');
  });

  it('an addon the stage lists but its version lacks can still be disabled (repairing the stage)', () => {
    const h = RepoHarness.example();
    const original = h.read('stages/staging/runtime/ingress-nginx.yaml');
    h.editYaml('stages/staging/runtime/ingress-nginx.yaml', (k) => k.spec.components.push('../waf'));
    expect(h.errors()).toEqual([
      ['MissingFile', 'runtime/ingress-nginx/1.1.0/_base/kustomization.yaml'], // the Flux build: component ../waf does not exist
      ['UnknownAddon', 'stages/staging/runtime/ingress-nginx.yaml'],
    ]);
    h.apply(disable('waf', { stage: 'staging' }));
    expect(h.read('stages/staging/runtime/ingress-nginx.yaml')).toBe(original);
    expect(h.errors()).toEqual([]);
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    ['an addon no version has', 'UnknownAddon', 'addon', disable('waf', { env: 'prod-eu' })],
    [
      'a service the stage does not run',
      'UnknownRuntimeService',
      'stages/prod/runtime',
      disable('metrics', { env: 'prod-eu' }, 'grafana'),
    ],
    ['an unknown stage', 'UnknownStage', 'stage', disable('metrics', { stage: 'qa' })],
    ['an unknown env', 'UnknownEnvironment', 'env', disable('metrics', { env: 'qa-eu' })],
    [
      'neither a stage nor an env',
      'InvalidRequest',
      'stage',
      { kind: 'DisableAddon', service: 'ingress-nginx', addon: 'metrics' },
    ],
  ])('rejects %s -> %s', (_name, code, path, request) => {
    expect(rejection(RepoHarness.example(), request)).toEqual({ code, path });
  });

  it('an addon only another version has -> AddonIncompatible', () => {
    const h = releaseIngressWithWaf(RepoHarness.example());
    expect(rejection(h, disable('waf', { stage: 'prod' }))).toEqual({ code: 'AddonIncompatible', path: 'addon' });
  });
});
