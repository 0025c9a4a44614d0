import { RepoHarness } from '../../testing';
import { addMetricsServer, expectConsistent, expectRejected } from '../../testing/menuFixtures';

const remove = { kind: 'RemoveComponentVersion', service: 'ingress-nginx', version: '1.0.0' };
const upgradeProd = { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' };
const deletes = (h: RepoHarness, dir: string) => h.tree.list(dir).map((p) => `delete ${p}`);

describe('planRemoveComponentVersion', () => {
  it.each([
    [
      'a version no stage runs any more',
      (h: RepoHarness) => h.apply(upgradeProd),
      remove,
      'runtime/ingress-nginx/1.0.0',
    ],
    [
      "a service's last version, with the service directory and what else is in it",
      (h: RepoHarness) =>
        h.apply(addMetricsServer) && h.write('runtime/metrics-server/README.md', '# metrics-server\n'),
      { ...remove, service: 'metrics-server', version: '0.7.0' },
      'runtime/metrics-server',
    ],
  ])('%s: deletes its directory', (_name, setup, request, dir) => {
    const h = RepoHarness.example();
    setup(h);
    const expected = deletes(h, dir);
    expect(expected.length).toBeGreaterThan(5);
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual(expected);
    expect(p.affected).toEqual({ stages: [], environments: [] });
    expect(h.tree.list(dir)).toEqual([]);
    expectConsistent(h);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('names the stages, envs and apps using the version', () => {
    const e = expectRejected(RepoHarness.example(), remove, 'ComponentVersionInUse');
    expect(e.path).toBe('runtime/ingress-nginx/1.0.0');
    expect(e.message).toContain('stage prod (envs prod-eu, prod-us)');
    expect(e.message).toContain('apps shop');
  });

  it.each([
    ['a version staging runs', 'ComponentVersionInUse', {}, { version: '1.1.0' }],
    ['bad version', 'InvalidSemVer', {}, { version: 'v1' }],
    [
      'the last version of a service another depends on',
      'UnknownDependency',
      { dependsOn: ['metrics-server'] },
      { service: 'metrics-server', version: '0.7.0' },
    ],
  ] as const)('%s -> %s', (_name, code, dependent, patch) => {
    const h = RepoHarness.example();
    h.apply(addMetricsServer);
    h.apply({ ...addMetricsServer, name: 'vpa', ...dependent });
    expectRejected(h, { ...remove, ...patch }, code);
  });
});
