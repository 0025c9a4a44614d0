import { parseYamlValues } from '../../yaml';
import { RepoHarness } from '../../testing';
import { expectConsistent, expectRejected } from '../../testing/menuFixtures';

const deprecate = {
  kind: 'DeprecateComponentVersion',
  service: 'ingress-nginx',
  version: '1.0.0',
  sunset: '2027-06-30',
  message: 'Move to 1.1.0.',
};
const component = (h: RepoHarness, version = '1.0.0') =>
  (parseYamlValues(h.read(`runtime/ingress-nginx/${version}/component.yaml`))[0] as any).spec;

describe('planDeprecateComponentVersion', () => {
  it.each([
    [
      'a version prod runs',
      {},
      ['prod'],
      ['prod-eu', 'prod-us'],
      { status: 'deprecated', sunset: '2027-06-30', message: 'Move to 1.1.0.' },
    ],
    [
      'without sunset or message',
      { sunset: undefined, message: undefined },
      ['prod'],
      ['prod-eu', 'prod-us'],
      { status: 'deprecated' },
    ],
    [
      'a version staging runs',
      { version: '1.1.0' },
      ['staging'],
      ['staging-eu'],
      { status: 'deprecated', sunset: '2027-06-30' },
    ],
  ])('%s: changes only its lifecycle, warns the stages using it', (_name, patch, stages, envs, lifecycle) => {
    const h = RepoHarness.example();
    const request = { ...deprecate, ...patch };
    const digest = component(h, request.version).digest;
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual([`modify runtime/ingress-nginx/${request.version}/component.yaml`]);
    expect(p.affected).toEqual({ stages, environments: envs });
    expect(component(h, request.version)).toMatchObject({ lifecycle, digest });
    expect(p.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual(
      stages.map((s) => ['DeprecatedVersion', 'warning', `stages/${s}/runtime/ingress-nginx.yaml`]),
    );
    expectConsistent(h);
    expect(h.validate().map((d) => d.code)).toEqual(stages.map(() => 'DeprecatedVersion'));
    expect(h.plan(request).changes).toEqual([]);
  });

  it('keeps a sunset and message already set when the request leaves them out', () => {
    const h = RepoHarness.example();
    h.apply(deprecate);
    expect(h.plan({ kind: 'DeprecateComponentVersion', service: 'ingress-nginx', version: '1.0.0' }).changes).toEqual(
      [],
    );
    h.apply({ ...deprecate, message: 'Move to 1.2.0.' });
    expect(component(h).lifecycle).toEqual({ status: 'deprecated', sunset: '2027-06-30', message: 'Move to 1.2.0.' });
  });

  it.each([
    ['unknown service', 'UnknownRuntimeService', { service: 'traefik' }],
    ['unknown version', 'UnknownComponentVersion', { version: '0.9.0' }],
    ['a sunset that is not a date', 'InvalidRequest', { sunset: 'next summer' }],
    ['a sunset already past while prod runs it', 'SunsetVersion', { sunset: '2026-01-31' }],
  ] as const)('%s -> %s', (_name, code, patch) => {
    expectRejected(RepoHarness.example(), { ...deprecate, ...patch }, code);
  });
});
