import { isPlatterError } from '@platter/model';
import { withSecretValues } from './secrets';

describe('withSecretValues', () => {
  const task = {
    externalDnsToken: 'tok-1',
    other: 'tok-2',
    backstageToken: 'user-token',
    __initiatorCredentials: '{}',
  };

  it.each<[string, Parameters<typeof withSecretValues>, Record<string, unknown>]>([
    [
      'CreateEnvironment: the mapping becomes the secrets list, values from the task',
      [
        'CreateEnvironment',
        { name: 'e' },
        { 'runtime-external-dns': { EXTERNAL_DNS_API_TOKEN: 'externalDnsToken' } },
        task,
      ],
      { name: 'e', secrets: [{ name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'tok-1' } }] },
    ],
    [
      'CreateEnvironment without a mapping: no secrets',
      ['CreateEnvironment', { name: 'e' }, undefined, task],
      { name: 'e', secrets: [] },
    ],
    [
      'SetSecret: the values of the one secret the input names',
      [
        'SetSecret',
        { env: 'prod-eu', secret: { name: 's', namespace: 'team-a' } },
        { s: { A: 'externalDnsToken', B: 'other' } },
        task,
      ],
      { env: 'prod-eu', secret: { name: 's', namespace: 'team-a', values: { A: 'tok-1', B: 'tok-2' } } },
    ],
    [
      'SetSecret without a mapping: left to parseRequest ("no values")',
      ['SetSecret', { env: 'prod-eu', secret: { name: 's' } }, undefined, task],
      { env: 'prod-eu', secret: { name: 's' } },
    ],
    [
      'a kind without secrets, no mapping: unchanged',
      ['OnboardApp', { name: 'cart' }, undefined, task],
      { name: 'cart' },
    ],
  ])('%s', (_name, args, expected) => expect(withSecretValues(...args)).toEqual(expected));

  it.each<[string, Parameters<typeof withSecretValues>, string]>([
    ['a task secret that is not set', ['CreateEnvironment', {}, { s: { K: 'missing' } }, task], 'secrets.s.K'],
    ['an empty task secret', ['CreateEnvironment', {}, { s: { K: 'empty' } }, { empty: '' }], 'secrets.s.K'],
    ["the user's Backstage token", ['CreateEnvironment', {}, { s: { K: 'backstageToken' } }, task], 'secrets.s.K'],
    [
      "the scaffolder's credentials",
      ['SetSecret', { secret: { name: 's' } }, { s: { K: '__initiatorCredentials' } }, task],
      'secrets.s.K',
    ],
    [
      'SetSecret mapping another secret',
      ['SetSecret', { secret: { name: 's' } }, { t: { K: 'other' } }, task],
      'secrets',
    ],
    ['a mapping on a kind without secrets', ['OnboardApp', {}, { s: { K: 'other' } }, task], 'secrets'],
  ])('rejects %s (InvalidRequest naming the field)', (_name, args, path) => {
    let error: unknown;
    try {
      withSecretValues(...args);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'InvalidRequest')).toBe(true);
    expect((error as { path?: string }).path).toBe(path);
    expect((error as Error).message).not.toContain('user-token');
  });
});
