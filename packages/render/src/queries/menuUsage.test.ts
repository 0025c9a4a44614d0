import { isPlatterError, type ComponentVersion, type Fleet } from '@platter/model';
import { RepoHarness } from '../testing';
import { menuUsage } from './menuUsage';

let example: Fleet;
beforeAll(() => {
  example = RepoHarness.example().model();
});

/** The example with ingress-nginx 1.2.0 (a copy of 1.1.0) that no stage runs. */
const withUnused = (f: Fleet): Fleet => ({
  ...f,
  services: f.services.map((s) =>
    s.name !== 'ingress-nginx'
      ? s
      : {
          ...s,
          versions: [
            ...s.versions,
            { ...s.versions.find((v) => v.version === '1.1.0')!, version: '1.2.0' } as ComponentVersion,
          ],
        },
  ),
});

describe('menuUsage', () => {
  it('names the stages, envs (with the addons each really runs) and apps of every version', () => {
    const u = menuUsage(example, 'ingress-nginx');
    expect(u.versions.map((v) => [v.version, v.stages, v.environments, v.apps, v.lifecycle.status])).toEqual([
      ['1.0.0', ['prod'], ['prod-eu', 'prod-us'], ['shop'], 'stable'],
      ['1.1.0', ['staging'], ['staging-eu'], ['shop'], 'stable'],
    ]);
    expect(u.versions[0]!.placements).toEqual([
      {
        stage: 'prod',
        addons: ['metrics'],
        environments: [
          { env: 'prod-eu', addons: ['metrics'] },
          { env: 'prod-us', addons: [] },
        ],
      },
    ]);
    expect(u.unused).toEqual([]);
  });

  it.each([
    ['one version', (f: Fleet) => f, 'ingress-nginx', '1.0.0', [['1.0.0', ['prod']]], []],
    [
      'a service every stage runs, no app needs',
      (f: Fleet) => f,
      'cert-manager',
      undefined,
      [['1.0.0', ['staging', 'prod']]],
      [],
    ],
    ['a version no stage runs', withUnused, 'ingress-nginx', '1.2.0', [['1.2.0', []]], ['1.2.0']],
    [
      'unused versions among used ones',
      withUnused,
      'ingress-nginx',
      undefined,
      [
        ['1.0.0', ['prod']],
        ['1.1.0', ['staging']],
        ['1.2.0', []],
      ],
      ['1.2.0'],
    ],
  ])('%s', (_name, edit, service, version, stages, unused) => {
    const u = menuUsage(edit(example), service, version);
    expect(u.versions.map((v) => [v.version, v.stages])).toEqual(stages);
    expect(u.unused).toEqual(unused);
  });

  it.each([
    ['unknown service', 'traefik', undefined, 'UnknownRuntimeService'],
    ['unknown version', 'ingress-nginx', '9.9.9', 'UnknownComponentVersion'],
  ])('%s -> %s', (_name, service, version, code) => {
    let error: unknown;
    try {
      menuUsage(example, service, version);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error) && error.code).toBe(code);
  });
});
