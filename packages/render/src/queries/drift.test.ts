import { isPlatterError, type Environment, type Fleet } from '@platter/model';
import { RepoHarness } from '../testing';
import { drift, type EnvDrift } from './drift';

let example: Fleet;
beforeAll(() => {
  example = RepoHarness.example().model();
});

const editEnv =
  (name: string, edit: (e: Environment) => Partial<Environment>) =>
  (f: Fleet): Fleet => ({
    ...f,
    environments: f.environments.map((e) => (e.name === name ? { ...e, ...edit(e) } : e)),
  });
const same = (f: Fleet) => f;
const inSync = (env: string): Partial<EnvDrift> => ({
  env,
  addonOverrides: [],
  configOverrides: [],
  envOnlyApps: [],
  missingSecrets: [],
  extraSecrets: [],
  missingSecretKeys: [],
  inSync: true,
});

describe('drift', () => {
  it.each<[string, (f: Fleet) => Fleet, string, Partial<EnvDrift>[]]>([
    [
      'an env override of an addon (prod-us disables metrics)',
      same,
      'prod',
      [
        inSync('prod-eu'),
        {
          env: 'prod-us',
          addonOverrides: [{ service: 'ingress-nginx', addon: 'metrics', action: 'disable' }],
          inSync: false,
        },
      ],
    ],
    [
      'an env-only app',
      same,
      'staging',
      [{ env: 'staging-eu', envOnlyApps: [{ app: 'billing', tenant: 'team-b', version: '2.0.0' }], inSync: false }],
    ],
    [
      'an env config key overriding the stage config (cluster facts are not drift)',
      editEnv('prod-eu', (e) => ({ config: { ...e.config, domain: 'eu.example.com' } })),
      'prod',
      [
        {
          env: 'prod-eu',
          configOverrides: [{ key: 'domain', stageValue: 'example.com', envValue: 'eu.example.com' }],
          inSync: false,
        },
        { env: 'prod-us', configOverrides: [] },
      ],
    ],
    [
      'an env-only config key named like an Object member is not an override',
      editEnv('prod-eu', (e) => ({ config: { ...e.config, constructor: 'x', toString: 'y' } })),
      'prod',
      [
        { env: 'prod-eu', configOverrides: [] },
        { env: 'prod-us', configOverrides: [] },
      ],
    ],
    [
      'a secret only one env has',
      editEnv('prod-eu', (e) => ({
        secrets: [...e.secrets, { name: 'grafana', namespace: 'flux-system', keys: ['TOKEN'], encrypted: true }],
      })),
      'prod',
      [
        { env: 'prod-eu', extraSecrets: ['grafana'], missingSecrets: [], inSync: false },
        { env: 'prod-us', extraSecrets: [], missingSecrets: ['grafana'] },
      ],
    ],
    [
      'a secret key only one env has',
      editEnv('prod-us', (e) => ({ secrets: e.secrets.map((s) => ({ ...s, keys: [...s.keys, 'ZONE_ID'] })) })),
      'prod',
      [
        { env: 'prod-eu', missingSecretKeys: [{ secret: 'runtime-external-dns', key: 'ZONE_ID' }], inSync: false },
        { env: 'prod-us', missingSecretKeys: [] },
      ],
    ],
    [
      'a stage without envs',
      (f) => ({ ...f, environments: f.environments.filter((e) => e.stage !== 'prod') }),
      'prod',
      [],
    ],
  ])('%s', (_name, edit, stage, expected) => {
    const d = drift(edit(example), stage);
    expect(d.stage).toBe(stage);
    expect(d.environments).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(d.environments[i]).toMatchObject(e));
  });

  it('refuses an unknown stage', () => {
    let error: unknown;
    try {
      drift(example, 'qa');
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'UnknownStage')).toBe(true);
  });
});
