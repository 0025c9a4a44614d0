import { parseRequest } from '@platter/model';
import { buildPlanRequest, SECRET_PLACEHOLDER, type PlanPreviewUiOptions } from './buildPlanRequest';

const never = { self: 'preview', secretFields: new Set(['dbPassword', 'token']) };

describe('buildPlanRequest', () => {
  it.each<[string, Record<string, unknown>, PlanPreviewUiOptions, Record<string, unknown>]>([
    [
      'identity without mapping',
      { name: 'shop', preview: { requestHash: 'x' } },
      { kind: 'OffboardApp' },
      { kind: 'OffboardApp', name: 'shop' },
    ],
    [
      'nested paths, lists of objects and constants',
      { app: 'shop', image: 'ghcr.io/acme/shop', stages: ['staging', 'prod'], envs: 'dev-1' },
      {
        kind: 'OnboardApp',
        request: { source: { type: 'image' } },
        mapping: { app: 'name', image: 'source.image', stages: 'targets[].stage', envs: 'targets[].env' },
      },
      {
        kind: 'OnboardApp',
        name: 'shop',
        source: { type: 'image', image: 'ghcr.io/acme/shop' },
        targets: [{ stage: 'staging' }, { stage: 'prod' }, { env: 'dev-1' }],
      },
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
      'secret and omitted fields: values never sent, a mapped secret keeps its key with a placeholder',
      { env: 'prod-eu', name: 'runtime-ingress-nginx', dbPassword: '********', note: 'x' },
      {
        kind: 'SetSecret',
        mapping: { env: 'env', name: 'secret.name', dbPassword: 'secret.values.password', note: 'note' },
        omit: ['note'],
      },
      {
        kind: 'SetSecret',
        env: 'prod-eu',
        secret: { name: 'runtime-ingress-nginx', values: { password: SECRET_PLACEHOLDER } },
      },
    ],
    [
      'list indexes into constant request fields',
      { name: 'dev-1', token: '***' },
      {
        kind: 'CreateEnvironment',
        request: { secrets: [{ name: 'runtime-x' }] },
        mapping: { name: 'name', token: 'secrets.0.values.token' },
      },
      {
        kind: 'CreateEnvironment',
        name: 'dev-1',
        secrets: [{ name: 'runtime-x', values: { token: SECRET_PLACEHOLDER } }],
      },
    ],
    [
      'secret fields skipped without a mapping',
      { name: 'x', dbPassword: '***' },
      { kind: 'OffboardTenant' },
      { kind: 'OffboardTenant', name: 'x' },
    ],
  ])('%s', (_name, formData, options, expected) => {
    expect(buildPlanRequest(formData, options, never).request).toEqual(expected);
  });

  it('lists what it withheld', () => {
    expect(
      buildPlanRequest({ a: 1, dbPassword: '***', note: 'x' }, { kind: 'SetConfig', omit: ['note'] }, never).withheld,
    ).toEqual(['dbPassword', 'note']);
  });

  it('gives requests the model parses (the README examples)', () => {
    const onboard = buildPlanRequest(
      {
        app: 'shop',
        tenant: 'team-a',
        image: 'ghcr.io/acme/shop',
        stages: ['staging', 'prod'],
        version: '1.4.0',
        preview: {},
      },
      {
        kind: 'OnboardApp',
        request: { source: { type: 'image' } },
        mapping: {
          app: 'name',
          tenant: 'tenant',
          image: 'source.image',
          stages: 'targets[].stage',
          version: 'version',
        },
      },
      never,
    ).request;
    expect(parseRequest(onboard).kind).toBe('OnboardApp');
    const add = buildPlanRequest(
      { stage: 'prod', ingress: { service: 'ingress-nginx', version: '1.2.0', addons: ['waf'] } },
      { kind: 'AddComponentToStage', mapping: { stage: 'stage', ingress: '.' } },
      never,
    ).request;
    expect(parseRequest(add)).toMatchObject({
      kind: 'AddComponentToStage',
      stage: 'prod',
      service: 'ingress-nginx',
      addons: ['waf'],
    });
    const secret = buildPlanRequest(
      { env: 'prod-eu', name: 'runtime-ingress-nginx', dbPassword: '********' },
      { kind: 'SetSecret', mapping: { env: 'env', name: 'secret.name', dbPassword: 'secret.values.password' } },
      never,
    ).request;
    expect(parseRequest(secret)).toMatchObject({
      kind: 'SetSecret',
      secret: { values: { password: SECRET_PLACEHOLDER } },
    });
  });
});
