import { buildPlanRequest, type PlanPreviewUiOptions } from './buildPlanRequest';

const never = { self: 'preview', secretFields: new Set(['dbPassword']) };

describe('buildPlanRequest', () => {
  it.each<[string, Record<string, unknown>, PlanPreviewUiOptions, Record<string, unknown>]>([
    ['identity without mapping', { name: 'shop', preview: { requestHash: 'x' } }, { kind: 'OffboardApp' }, { kind: 'OffboardApp', name: 'shop' }],
    [
      'nested paths, lists of objects and constants',
      { app: 'shop', image: 'ghcr.io/acme/shop', stages: ['staging', 'prod'], envs: 'dev-1' },
      { kind: 'OnboardApp', request: { source: { type: 'image' } }, mapping: { app: 'name', image: 'source.image', stages: 'targets[].stage', envs: 'targets[].env' } },
      { kind: 'OnboardApp', name: 'shop', source: { type: 'image', image: 'ghcr.io/acme/shop' }, targets: [{ stage: 'staging' }, { stage: 'prod' }, { env: 'dev-1' }] },
    ],
    [
      'an object merged into the request, a path into a field',
      { stage: 'prod', ingress: { service: 'ingress-nginx', version: '1.2.0', addons: ['waf'] } },
      { kind: 'AddComponentToStage', mapping: { stage: 'stage', ingress: '.' } },
      { kind: 'AddComponentToStage', stage: 'prod', service: 'ingress-nginx', version: '1.2.0', addons: ['waf'] },
    ],
    [
      'empty values left out, kind from ui:options',
      { kind: 'DeleteEnvironment', service: 'ingress-nginx', addon: 'waf', stage: '', env: 'prod-eu' },
      { kind: 'EnableAddon' },
      { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'waf', env: 'prod-eu' },
    ],
    [
      'secret and omitted fields never sent, even when mapped',
      { name: 'prod-eu', dbPassword: '********', note: 'x' },
      { kind: 'CreateEnvironment', mapping: { name: 'name', dbPassword: 'secrets[].values.password' }, omit: ['note'] },
      { kind: 'CreateEnvironment', name: 'prod-eu' },
    ],
  ])('%s', (_name, formData, options, expected) => {
    expect(buildPlanRequest(formData, options, never).request).toEqual(expected);
  });

  it('lists what it withheld', () => {
    expect(buildPlanRequest({ a: 1, dbPassword: '***', note: 'x' }, { kind: 'SetConfig', omit: ['note'] }, never).withheld).toEqual(['dbPassword', 'note']);
  });
});
