import { isPlatterError, type ComponentVersion, type Fleet } from '@platter/model';
import { RepoHarness, TEST_NOW } from '../testing';
import { upgradePlan } from './upgradePlan';

let example: Fleet;
beforeAll(() => {
  example = RepoHarness.example().model();
});

/** The example with one more ingress-nginx version: 1.1.0 with `edit` applied. */
const release =
  (version: string, edit: (v: ComponentVersion) => Partial<ComponentVersion> = () => ({})) =>
  (f: Fleet): Fleet => ({
    ...f,
    services: f.services.map((s) => {
      if (s.name !== 'ingress-nginx') return s;
      const from = s.versions.find((v) => v.version === '1.1.0')!;
      return {
        ...s,
        versions: [
          ...s.versions,
          { ...from, version, digest: undefined, facts: undefined, ...edit(from) } as ComponentVersion,
        ],
      };
    }),
  });
const withoutAddon = (name: string) => (v: ComponentVersion) => ({
  addons: v.addons
    .filter((a) => a.name !== name)
    .map((a) => ({ ...a, conflictsWith: a.conflictsWith.filter((c) => c !== name) })),
});
const same = (f: Fleet) => f;
const reversedStages = (f: Fleet): Fleet => release('1.2.0')({ ...f, stages: [...f.stages].reverse() });

type Step = [stage: string, from: string, after: string | undefined, problems: string[]];

describe('upgradePlan', () => {
  it.each<[string, (f: Fleet) => Fleet, string, Step[], [string, string][], string | undefined]>([
    [
      'prod to what staging runs',
      same,
      '1.1.0',
      [['prod', '1.0.0', undefined, []]],
      [['staging', 'current']],
      undefined,
    ],
    [
      'a new version: staging, then prod',
      release('1.2.0'),
      '1.2.0',
      [
        ['staging', '1.1.0', undefined, []],
        ['prod', '1.0.0', 'staging', []],
      ],
      [],
      undefined,
    ],
    [
      'promotion order, not file order',
      reversedStages,
      '1.2.0',
      [
        ['staging', '1.1.0', undefined, []],
        ['prod', '1.0.0', 'staging', []],
      ],
      [],
      undefined,
    ],
    [
      'staging selects an addon the version lacks',
      release('1.2.0', withoutAddon('nodeport')),
      '1.2.0',
      [
        ['staging', '1.1.0', undefined, ['AddonIncompatible']],
        ['prod', '1.0.0', 'staging', []],
      ],
      [],
      'staging',
    ],
    [
      'prod selects an addon the version lacks',
      release('1.2.0', withoutAddon('metrics')),
      '1.2.0',
      [
        ['staging', '1.1.0', undefined, []],
        ['prod', '1.0.0', 'staging', ['AddonIncompatible']],
      ],
      [],
      'prod',
    ],
    [
      'a prerelease stops at prod',
      release('1.2.0-rc.1'),
      '1.2.0-rc.1',
      [
        ['staging', '1.1.0', undefined, []],
        ['prod', '1.0.0', 'staging', ['PrereleaseNotAllowed']],
      ],
      [],
      'prod',
    ],
    [
      'a version past its sunset',
      release('1.2.0', () => ({ lifecycle: { status: 'deprecated', sunset: '2026-01-01' } })),
      '1.2.0',
      [
        ['staging', '1.1.0', undefined, ['SunsetVersion']],
        ['prod', '1.0.0', 'staging', ['SunsetVersion']],
      ],
      [],
      'staging',
    ],
    [
      'an older version for staging',
      same,
      '1.0.0',
      [['staging', '1.1.0', undefined, ['Downgrade']]],
      [['prod', 'current']],
      'staging',
    ],
    [
      'a stage that does not run the service',
      (f) =>
        release('1.2.0')({
          ...f,
          stages: f.stages.map((s) =>
            s.name === 'staging' ? { ...s, components: s.components.filter((c) => c.service !== 'ingress-nginx') } : s,
          ),
        }),
      '1.2.0',
      [['prod', '1.0.0', undefined, []]],
      [['staging', 'not-running']],
      undefined,
    ],
  ])('%s', (_name, edit, version, steps, skipped, blockedAt) => {
    const p = upgradePlan(edit(example), 'ingress-nginx', version, { now: TEST_NOW });
    expect(p.steps.map((s): Step => [s.stage, s.from, s.after, s.problems.map((d) => d.code)])).toEqual(steps);
    expect(p.steps.map((s) => s.request)).toEqual(
      steps.map(([stage]) => ({ kind: 'UpgradeComponent', stage, service: 'ingress-nginx', version })),
    );
    expect(p.skipped.map((s) => [s.stage, s.reason])).toEqual(skipped);
    expect(p.blockedAt).toBe(blockedAt);
  });

  it('names the addon and where, without throwing', () => {
    const p = upgradePlan(release('1.2.0', withoutAddon('nodeport'))(example), 'ingress-nginx', '1.2.0', {
      now: TEST_NOW,
    });
    expect(p.steps[0]!.problems).toEqual([
      expect.objectContaining({
        code: 'AddonIncompatible',
        path: 'stages/staging/runtime/ingress-nginx.yaml',
        message: expect.stringContaining('"nodeport"'),
      }),
    ]);
  });

  it('carries the warnings of a deprecated target', () => {
    const p = upgradePlan(
      release('1.2.0', () => ({ lifecycle: { status: 'deprecated', message: 'use 1.3.0' } }))(example),
      'ingress-nginx',
      '1.2.0',
      { now: TEST_NOW },
    );
    expect(p.steps.map((s) => s.warnings.map((d) => d.code))).toEqual([['DeprecatedVersion'], ['DeprecatedVersion']]);
    expect(p.blockedAt).toBeUndefined();
  });

  it.each([
    ['unknown service', 'traefik', '1.0.0', 'UnknownRuntimeService'],
    ['unknown version', 'ingress-nginx', '9.9.9', 'UnknownComponentVersion'],
  ])('%s -> %s', (_name, service, version, code) => {
    let error: unknown;
    try {
      upgradePlan(example, service, version, { now: TEST_NOW });
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error) && error.code).toBe(code);
  });
});
