import type { ComponentVersion, Fleet, RuntimeService, Stage } from '../fleet';
import { checkStages } from './checkStages';

/**
 * checkStages keeps a stage's clean result while the stage, the services it
 * runs and the day are the same: every change to one of them must be seen.
 * Each row changes the fleet or the day (new objects, as a change makes) and
 * expects what a check of a fresh copy (nothing kept) finds.
 */
const version = (service: string, extra: Partial<ComponentVersion> = {}): ComponentVersion =>
  ({
    service,
    version: '1.0.0',
    namespace: service,
    dependsOn: [],
    addons: [],
    requires: { config: [], secrets: [] },
    lifecycle: { status: 'stable', sunset: '2027-01-31' },
    ...extra,
  }) as ComponentVersion;
const service = (name: string, extra: Partial<ComponentVersion> = {}) =>
  ({ name, versions: [version(name, extra)] }) as unknown as RuntimeService;
const prod: Stage = {
  name: 'prod',
  allowPrerelease: false,
  config: {},
  components: [{ service: 'ingress', version: '1.0.0', addons: [] }],
} as Stage;
const clean = { stages: [prod], services: [service('ingress'), service('dns')] } as unknown as Fleet;
const today = new Date('2026-12-07T12:00:00Z');

const codes = (f: Fleet, now = today) => checkStages(f, { now }).map((d) => d.code);

describe('checkStages: a kept clean result and what it read', () => {
  it.each<[string, (f: Fleet) => Partial<Fleet>, Date, string[]]>([
    ['nothing changed', () => ({}), today, []],
    ['the day passed the sunset', () => ({}), new Date('2027-02-01T00:00:00Z'), ['SunsetVersion']],
    [
      'the version it runs deprecated',
      (f) => ({ services: [service('ingress', { lifecycle: { status: 'deprecated' } }), f.services[1]!] }),
      today,
      ['DeprecatedVersion'],
    ],
    ['the service left the menu', (f) => ({ services: [f.services[1]!] }), today, ['UnknownRuntimeService']],
    ['another service parsed again', (f) => ({ services: [f.services[0]!, service('dns')] }), today, []],
  ])('%s', (_name, change, now, expected) => {
    expect(codes(clean)).toEqual([]); // kept
    const changed = { ...clean, ...change(clean) } as Fleet;
    expect(codes(changed, now)).toEqual(expected);
    expect(codes(changed, now)).toEqual(codes(structuredClone(changed), now));
    expect(codes(clean)).toEqual([]); // and back
  });
});
