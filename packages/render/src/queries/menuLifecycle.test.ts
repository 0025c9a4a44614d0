import { RepoHarness, TEST_NOW } from '../testing';
import { expectConsistent, expectRejected } from '../testing/menuFixtures';
import { menuUsage } from './menuUsage';
import { upgradePlan } from './upgradePlan';

/**
 * The platform team's menu workflow end to end (the change-request issue):
 * release ingress-nginx 1.2.0 from 1.1.0, roll it out stage by stage, deprecate
 * the version prod still runs and see who uses it, remove what nobody runs.
 * The repository validates after every step.
 */
describe('menu lifecycle', () => {
  it('release, upgrade, deprecate, remove', () => {
    const h = RepoHarness.example();
    const warnings = () =>
      h
        .validate()
        .filter((d) => d.severity === 'warning')
        .map((d) => [d.code, d.path]);

    const released = h.apply({
      kind: 'ReleaseComponentVersion',
      service: 'ingress-nginx',
      version: '1.2.0',
      from: '1.1.0',
      chartVersion: '4.12.1',
    });
    expect(released.changes.every((c) => c.op === 'add' && c.path.startsWith('runtime/ingress-nginx/1.2.0/'))).toBe(
      true,
    );
    expectConsistent(h);

    const rollout = upgradePlan(h.model(), 'ingress-nginx', '1.2.0', { now: TEST_NOW });
    expect(rollout.steps.map((s) => [s.stage, s.from, s.problems.length])).toEqual([
      ['staging', '1.1.0', 0],
      ['prod', '1.0.0', 0],
    ]);

    const upgraded = h.apply(rollout.steps[0]!.request);
    expect(RepoHarness.changed(upgraded)).toEqual(['modify stages/staging/runtime/ingress-nginx.yaml']);
    expectConsistent(h);

    const deprecated = h.apply({
      kind: 'DeprecateComponentVersion',
      service: 'ingress-nginx',
      version: '1.0.0',
      sunset: '2027-03-31',
      message: 'Upgrade to 1.2.0.',
    });
    expect(deprecated.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['DeprecatedVersion', 'stages/prod/runtime/ingress-nginx.yaml'],
    ]);
    expectConsistent(h);
    expect(warnings()).toEqual([['DeprecatedVersion', 'stages/prod/runtime/ingress-nginx.yaml']]);
    const usage = menuUsage(h.model(), 'ingress-nginx');
    expect(usage.versions.map((v) => [v.version, v.lifecycle.status, v.stages, v.environments])).toEqual([
      ['1.0.0', 'deprecated', ['prod'], ['prod-eu', 'prod-us']],
      ['1.1.0', 'stable', [], []],
      ['1.2.0', 'stable', ['staging'], ['staging-eu']],
    ]);
    expect(usage.unused).toEqual(['1.1.0']);

    const removed = h.apply({ kind: 'RemoveComponentVersion', service: 'ingress-nginx', version: '1.1.0' });
    expect(removed.changes.every((c) => c.op === 'delete' && c.path.startsWith('runtime/ingress-nginx/1.1.0/'))).toBe(
      true,
    );
    expect(h.tree.list('runtime/ingress-nginx/1.1.0')).toEqual([]);
    expectConsistent(h);

    expect(
      expectRejected(
        h,
        { kind: 'RemoveComponentVersion', service: 'ingress-nginx', version: '1.0.0' },
        'ComponentVersionInUse',
      ).message,
    ).toContain('stage prod');

    // The rest of the rollout, then the deprecated version can go too.
    h.apply(upgradePlan(h.model(), 'ingress-nginx', '1.2.0', { now: TEST_NOW }).steps[0]!.request);
    h.apply({ kind: 'RemoveComponentVersion', service: 'ingress-nginx', version: '1.0.0' });
    expectConsistent(h);
    expect(warnings()).toEqual([]);
    expect(menuUsage(h.model(), 'ingress-nginx').versions.map((v) => [v.version, v.stages])).toEqual([
      ['1.2.0', ['staging', 'prod']],
    ]);
  });
});
