import type { ComponentVersion, Fleet } from '../fleet';
import { outdatedReport } from './outdated';

const version = (v: string, lifecycle: ComponentVersion['lifecycle'] = { status: 'stable' }) =>
  ({ service: 'ingress', version: v, lifecycle }) as unknown as ComponentVersion;

function fleet(
  versions: ComponentVersion[],
  staging: string,
  prod: string,
  apps: [string, string] = ['1.0.0', '1.0.0'],
) {
  const stage = (name: string, v: string, promotesFrom?: string) => ({
    name,
    allowPrerelease: false,
    ...(promotesFrom ? { promotesFrom } : {}),
    config: {},
    components: [{ service: 'ingress', version: v, addons: [] }],
  });
  return {
    settings: {} as Fleet['settings'],
    stages: [stage('staging', staging), stage('prod', prod, 'staging')],
    environments: [
      { name: 'prod-eu', stage: 'prod' },
      { name: 'staging-eu', stage: 'staging' },
    ],
    services: [{ name: 'ingress', versions }],
    tenants: [],
    apps: [
      {
        name: 'shop',
        deployments: [
          { stage: 'staging', version: apps[0] },
          { stage: 'prod', version: apps[1] },
        ],
      },
    ],
  } as unknown as Fleet;
}

const NOW = new Date('2026-11-27T12:00:00Z');

describe('outdatedReport', () => {
  it.each([
    ['up to date', [version('1.0.0'), version('1.1.0')], '1.1.0', [], undefined],
    ['behind the newest stable', [version('1.0.0'), version('1.1.0')], '1.0.0', ['behind'], '1.1.0'],
    ['a newer prerelease does not count', [version('1.0.0'), version('1.1.0-rc.1')], '1.0.0', [], undefined],
    [
      'a newer deprecated version does not count',
      [version('1.0.0'), version('1.1.0', { status: 'deprecated' })],
      '1.0.0',
      [],
      undefined,
    ],
    [
      'deprecated with days left',
      [version('1.0.0', { status: 'deprecated', sunset: '2026-12-07' }), version('1.1.0')],
      '1.0.0',
      ['behind', 'deprecated'],
      '1.1.0',
    ],
    [
      'past its sunset',
      [version('1.0.0', { status: 'deprecated', sunset: '2026-11-20' }), version('1.1.0')],
      '1.0.0',
      ['behind', 'sunset'],
      '1.1.0',
    ],
  ])('%s', (_n, versions, prod, reasons, newer) => {
    const r = outdatedReport(fleet(versions, '1.1.0', prod), NOW);
    const items = r.stages.find((s) => s.stage === 'prod')!.items;
    expect(items.map((i) => i.reason)).toEqual(reasons);
    expect(items.find((i) => i.reason === 'behind')?.newer).toBe(newer);
    expect(r.environments.find((e) => e.env === 'prod-eu')!.items).toEqual(items);
  });

  it('days left to a sunset (negative past it)', () => {
    const r = outdatedReport(
      fleet([version('1.0.0', { status: 'deprecated', sunset: '2026-12-07' })], '1.0.0', '1.0.0'),
      NOW,
    );
    expect(r.stages[0]!.items[0]).toMatchObject({ reason: 'deprecated', sunset: '2026-12-07', daysLeft: 10 });
  });

  it('an app pinned older than in the stage its stage promotes from', () => {
    const r = outdatedReport(fleet([version('1.0.0')], '1.0.0', '1.0.0', ['1.3.0', '1.2.0']), NOW);
    expect(r.stages.find((s) => s.stage === 'prod')!.items).toEqual([
      { reason: 'app-behind', subject: 'shop', version: '1.2.0', newer: '1.3.0', from: 'staging' },
    ]);
    expect(r.stages.find((s) => s.stage === 'staging')!.items).toEqual([]);
  });

  it('a prerelease upstream does not count for a stage that may not run prereleases', () => {
    const r = outdatedReport(fleet([version('1.0.0')], '1.0.0', '1.0.0', ['1.3.0-rc.1', '1.2.0']), NOW);
    expect(r.stages.find((s) => s.stage === 'prod')!.items).toEqual([]);
  });
});
