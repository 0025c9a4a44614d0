import { cli, exampleFleet, removeTempDirs } from './internal/testCli';

// The rendered diff in the CLI (issue 18): --dry-run prints it, --json carries it.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('the rendered diff of a request', () => {
  it('--dry-run prints it, danger findings first, and a danger sends a tenant request to review', async () => {
    const dir = await exampleFleet();
    const r = await cli(['rollback', 'shop', '0.9.0', '--stage', 'prod', '--as', 'team-a', '--dry-run', '-C', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const group = lines.findIndex((l) => l.startsWith('== the same change in 2 envs of stage prod: prod-eu, prod-us'));
    expect(group).toBeGreaterThan(0);
    expect(lines[group + 1]).toMatch(
      /^ {2}! warning ChartMajorVersionChanged apps\/shop\/prod\/release\.yaml#spec\.chart\.spec\.version: /,
    );
    expect(lines[group + 2]).toBe(
      '  ~ helm.toolkit.fluxcd.io/v2 HelmRelease team-a/shop (applied by team-a/shop, from apps/shop/base/release.yaml)',
    );
    expect(lines[group + 3]).toBe('      spec.chart.spec.version: "1.2.0" -> "0.9.0"');
    expect(r.out).toContain('Review: platform-review (touches platform paths or has danger findings');
  });

  it('--json carries it', async () => {
    const dir = await exampleFleet();
    const r = await cli(['rollback', 'shop', '1.1.0', '--stage', 'prod', '--json', '--dry-run', '-C', dir]);
    expect(r.code).toBe(0);
    const plan = r.json();
    expect(plan.renderedDiff.groups).toHaveLength(1);
    expect(plan.renderedDiff.groups[0].environments).toEqual(['prod-eu', 'prod-us']);
    expect(plan.renderedDiff.groups[0].changes[0].fields).toEqual([
      { op: 'change', path: 'spec.chart.spec.version', before: '1.2.0', after: '1.1.0' },
    ]);
  });

  it('without --dry-run, each danger finding is one line', async () => {
    const dir = await exampleFleet();
    const r = await cli(['rollback', 'shop', '0.9.0', '--stage', 'prod', '-C', dir]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l.startsWith('Danger: '))).toEqual([
      expect.stringContaining('ChartMajorVersionChanged apps/shop/prod/release.yaml'),
    ]);
  });
});
