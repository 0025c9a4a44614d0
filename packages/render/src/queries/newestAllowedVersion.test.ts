import type { ComponentVersion, Lifecycle, RuntimeService, Stage } from '@platter/model';
import { TEST_NOW } from '../testing';
import { newestAllowedVersion } from './newestAllowedVersion';

const v = (version: string, lifecycle: Lifecycle = { status: 'stable' }): ComponentVersion => ({
  service: 'x',
  version,
  namespace: 'x',
  chart: { repository: 'https://charts.example.com', name: 'x', version: '1.0.0' },
  dependsOn: [],
  addons: [],
  requires: { config: [], secrets: [] },
  lifecycle,
});
const stage = (allowPrerelease: boolean): Stage => ({ name: 's', allowPrerelease, config: {}, components: [] });
const deprecated: Lifecycle = { status: 'deprecated' };
const sunset: Lifecycle = { status: 'deprecated', sunset: '2026-01-01' };
const sunsetLater: Lifecycle = { status: 'deprecated', sunset: '2027-01-01' };

describe('newestAllowedVersion', () => {
  it.each<[string, ComponentVersion[], boolean, string | undefined]>([
    ['the newest', [v('1.0.0'), v('1.2.0'), v('1.10.0')], false, '1.10.0'],
    ['no prerelease where not allowed', [v('1.0.0'), v('1.1.0-rc.1')], false, '1.0.0'],
    ['a prerelease where allowed', [v('1.0.0'), v('1.1.0-rc.1')], true, '1.1.0-rc.1'],
    ['not deprecated over newer deprecated', [v('1.0.0'), v('1.1.0', deprecated)], false, '1.0.0'],
    ['deprecated when nothing else is allowed', [v('1.0.0', sunsetLater), v('1.1.0-rc.1')], false, '1.0.0'],
    ['none past its sunset', [v('1.0.0', sunset)], false, undefined],
    ['nothing allowed', [v('1.0.0-rc.1')], false, undefined],
  ])('%s', (_name, versions, allowPrerelease, expected) => {
    const service: RuntimeService = { name: 'x', versions };
    expect(newestAllowedVersion(service, stage(allowPrerelease), TEST_NOW)?.version).toBe(expected);
  });
});
