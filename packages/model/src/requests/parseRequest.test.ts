import { isPlatterError, isRequestRejected } from '../errors';
import { MAX_REQUEST_DEPTH, parseRequest } from './index';

/** `{k: {k: ... leaf}}`, `depth` objects deep. */
const chain = (depth: number): Record<string, unknown> => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { k: v };
  return v as Record<string, unknown>;
};
const cyclic = (): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  o.self = o;
  return o;
};
const release = (values: unknown) => ({
  kind: 'AddRuntimeService',
  name: 'x',
  chart: { repository: 'https://charts.example.com', name: 'x', version: '1.0.0' },
  values,
});
const onboard = (values: unknown) => ({
  kind: 'OnboardApp',
  name: 'x',
  tenant: 't',
  source: { type: 'image', image: 'x' },
  targets: [{ stage: 's' }],
  version: '1.0.0',
  values,
});

describe('parseRequest', () => {
  it.each([
    ['Helm values as deep as allowed', release(chain(MAX_REQUEST_DEPTH - 1)), undefined, undefined],
    ['Helm values one level deeper', release(chain(MAX_REQUEST_DEPTH)), 'InvalidRequest', 'values'],
    [
      'per-target values, counted from the request',
      onboard({ s: chain(MAX_REQUEST_DEPTH - 1) }),
      'InvalidRequest',
      'values',
    ],
    ['values far too deep to walk recursively', release(chain(100_000)), 'InvalidRequest', 'values'],
    ['a cycle (a JS caller)', release(cyclic()), 'InvalidRequest', 'values'],
    ['not an object', 'OnboardApp', 'InvalidRequest', 'kind'],
    ['null', null, 'InvalidRequest', 'kind'],
    ['an unknown kind', { kind: '__proto__' }, 'InvalidRequest', 'kind'],
  ])('%s', (_name, input, code, path) => {
    let error: unknown;
    try {
      parseRequest(input);
    } catch (e) {
      error = e;
    }
    if (code === undefined) return expect(error).toBeUndefined();
    expect(isPlatterError(error) && isRequestRejected(error)).toBe(true);
    expect(error).toMatchObject({ code, path });
  });
});
