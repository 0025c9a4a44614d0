import { isPlatterError, REQUEST_KIND_SPECS, type RequestKind } from '@platter/model';
import { normalizeInput } from './normalizeInput';

const ctx = {
  tenants: () => [
    { name: 'team-a', owner: 'group:default/team-a' },
    { name: 'team-b', owner: 'group:default/team-b' },
    { name: 'twin-1', owner: 'group:default/twins' },
    { name: 'twin-2', owner: 'group:default/twins' },
  ],
};

describe('normalizeInput', () => {
  it.each<[string, RequestKind, Record<string, unknown>, Record<string, unknown>]>([
    [
      'plain names pass through',
      'EnableAddon',
      { service: 'ingress-nginx', addon: 'metrics', stage: 'staging' },
      { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' },
    ],
    [
      'env entity ref -> env',
      'EnableAddon',
      { service: 'ingress-nginx', addon: 'metrics', env: 'resource:default/env-prod-eu' },
      { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'prod-eu' },
    ],
    [
      'stage entity ref -> stage',
      'UpgradeComponent',
      { stage: 'resource:default/stage-prod', service: 'resource:default/component-ingress-nginx', version: '1.1.0' },
      { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' },
    ],
    [
      'kind and namespace compare as catalog refs do',
      'CreateEnvironment',
      { name: 'staging-us', stage: 'Resource:default/stage-staging' },
      { kind: 'CreateEnvironment', name: 'staging-us', stage: 'staging' },
    ],
    [
      'stages[] of refs',
      'OnboardTenant',
      { name: 'team-c', owner: 'group:default/team-c', stages: ['resource:default/stage-staging', 'prod'] },
      { kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', stages: ['staging', 'prod'] },
    ],
    [
      'targets as the CLI names them (stage:<name>, env:<name>: what PlatterEntityPicker writes)',
      'PromoteApp',
      { app: 'shop', from: 'stage:staging', to: ['env:prod-eu', 'stage:prod'] },
      { kind: 'PromoteApp', app: 'shop', from: { stage: 'staging' }, to: [{ env: 'prod-eu' }, { stage: 'prod' }] },
    ],
    [
      'dependsOn of runtime component refs',
      'OnboardApp',
      { name: 'cart', dependsOn: ['resource:default/component-ingress-nginx', 'cert-manager'] },
      { kind: 'OnboardApp', name: 'cart', dependsOn: ['ingress-nginx', 'cert-manager'] },
    ],
    [
      'owner ref -> the tenant it owns',
      'OnboardApp',
      { name: 'cart', tenant: 'group:default/team-a' },
      { kind: 'OnboardApp', name: 'cart', tenant: 'team-a' },
    ],
    [
      'owner refs compare case-insensitively, default namespace implied',
      'OnboardApp',
      { name: 'cart', tenant: 'group:Team-B' },
      { kind: 'OnboardApp', name: 'cart', tenant: 'team-b' },
    ],
    [
      'targets of refs, empty picker fields dropped',
      'OnboardApp',
      {
        name: 'cart',
        targets: [{ stage: 'resource:default/stage-staging', env: '' }, { env: 'resource:default/env-prod-eu' }],
      },
      { kind: 'OnboardApp', name: 'cart', targets: [{ stage: 'staging' }, { env: 'prod-eu' }] },
    ],
    [
      'from and to of PromoteApp',
      'PromoteApp',
      {
        app: 'shop',
        from: { stage: 'resource:default/stage-staging' },
        to: [{ stage: 'resource:default/stage-prod' }],
      },
      { kind: 'PromoteApp', app: 'shop', from: { stage: 'staging' }, to: [{ stage: 'prod' }] },
    ],
    [
      'targets given as entity refs (MultiEntityPicker)',
      'OnboardApp',
      { name: 'cart', targets: ['resource:default/stage-staging', 'resource:default/env-prod-eu'] },
      { kind: 'OnboardApp', name: 'cart', targets: [{ stage: 'staging' }, { env: 'prod-eu' }] },
    ],
    [
      'from given as an entity ref (EntityPicker)',
      'PromoteApp',
      { app: 'shop', from: 'resource:default/env-staging-eu', to: ['resource:default/env-prod-eu'] },
      { kind: 'PromoteApp', app: 'shop', from: { env: 'staging-eu' }, to: [{ env: 'prod-eu' }] },
    ],
    [
      'target of Rollback',
      'Rollback',
      { app: 'shop', target: { env: 'resource:default/env-staging-eu' }, version: '1.0.0' },
      { kind: 'Rollback', app: 'shop', target: { env: 'staging-eu' }, version: '1.0.0' },
    ],
    [
      'DeleteEnvironment name from an env picker',
      'DeleteEnvironment',
      { name: 'resource:default/env-prod-us' },
      { kind: 'DeleteEnvironment', name: 'prod-us' },
    ],
    [
      'DeleteStage name from a stage picker',
      'DeleteStage',
      { name: 'resource:default/stage-qa' },
      { kind: 'DeleteStage', name: 'qa' },
    ],
    [
      "CreateStage's stage fields from stage pickers; its name is new: never looked up",
      'CreateStage',
      {
        name: 'qa',
        after: 'resource:default/stage-staging',
        promotesFrom: 'resource:default/stage-staging',
        promotesTo: ['resource:default/stage-prod', 'uat'],
        copyComponentsFrom: 'prod',
      },
      {
        kind: 'CreateStage',
        name: 'qa',
        after: 'staging',
        promotesFrom: 'staging',
        promotesTo: ['prod', 'uat'],
        copyComponentsFrom: 'prod',
      },
    ],
    [
      'OffboardTenant name from an owner picker',
      'OffboardTenant',
      { name: 'group:default/team-b' },
      { kind: 'OffboardTenant', name: 'team-b' },
    ],
    [
      'OnboardTenant name is new: never looked up',
      'OnboardTenant',
      { name: 'team-c', stages: ['staging'] },
      { kind: 'OnboardTenant', name: 'team-c', stages: ['staging'] },
    ],
    [
      'empty top-level fields dropped (defaults apply later)',
      'PromoteApp',
      { app: 'shop', version: '', from: null, to: [{ stage: 'prod' }] },
      { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }] },
    ],
    [
      'a version named `from` is not a target',
      'ReleaseComponentVersion',
      { service: 'cert-manager', version: '1.1.0', from: '1.0.0' },
      { kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0' },
    ],
    [
      'nested values are never touched',
      'OnboardApp',
      { name: 'cart', values: { staging: { stage: 'resource:default/stage-prod', env: '' } } },
      { kind: 'OnboardApp', name: 'cart', values: { staging: { stage: 'resource:default/stage-prod', env: '' } } },
    ],
  ])('%s', (_name, kind, input, expected) => {
    expect(normalizeInput(kind, input, ctx)).toEqual(expected);
  });

  it.each<[string, RequestKind, Record<string, unknown>, string, string]>([
    ['a stage entity in an env field', 'EnableAddon', { env: 'resource:default/stage-prod' }, 'InvalidRequest', 'env'],
    [
      'an env entity in a stage field',
      'OnboardApp',
      { targets: [{ stage: 'resource:default/env-prod-eu' }] },
      'InvalidRequest',
      'targets.0.stage',
    ],
    [
      'a component in a stage field',
      'OnboardTenant',
      { stages: ['staging', 'component:default/stage-prod'] },
      'InvalidRequest',
      'stages.1',
    ],
    ['a plain name as a target (stage or env?)', 'OnboardApp', { targets: ['staging'] }, 'InvalidRequest', 'targets.0'],
    [
      'a component entity as a target',
      'PromoteApp',
      { to: ['resource:default/component-ingress-nginx'] },
      'InvalidRequest',
      'to.0',
    ],
    [
      'an env entity in a stage field of the kind',
      'CreateStage',
      { name: 'qa', promotesFrom: 'resource:default/env-prod-eu' },
      'InvalidRequest',
      'promotesFrom',
    ],
    [
      'an env entity in a list of stages of the kind',
      'CreateStage',
      { name: 'qa', promotesTo: ['prod', 'resource:default/env-prod-eu'] },
      'InvalidRequest',
      'promotesTo.1',
    ],
    ['a bare prefix', 'EnableAddon', { stage: 'resource:default/stage-' }, 'InvalidRequest', 'stage'],
    ['a group that owns no tenant', 'OnboardApp', { tenant: 'group:default/nobody' }, 'UnknownTenant', 'tenant'],
    ['a group that owns several tenants', 'OnboardApp', { tenant: 'group:default/twins' }, 'InvalidRequest', 'tenant'],
    ['another kind in the input', 'OnboardApp', { kind: 'OffboardApp' }, 'InvalidRequest', 'kind'],
  ])('rejects %s', (_name, kind, input, code, path) => {
    let error: unknown;
    try {
      normalizeInput(kind, input, ctx);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, code as never)).toBe(true);
    expect((error as { path?: string }).path).toBe(path);
  });

  // The kind's spec says which fields hold targets (model's kinds.test.ts checks the spec against the schema).
  it.each(REQUEST_KIND_SPECS.filter((s) => s.targetFields.length > 0).map((s) => [s.kind, s.targetFields] as const))(
    '%s: an entity ref in each of its target fields becomes a target',
    (kind, fields) => {
      const input = Object.fromEntries(fields.map((f) => [f, 'resource:default/stage-prod']));
      const out = normalizeInput(kind, input, ctx);
      for (const f of fields) expect(out[f]).toEqual({ stage: 'prod' });
    },
  );

  it('reads the tenants only when a tenant field holds a ref', () => {
    const tenants = jest.fn(ctx.tenants);
    normalizeInput('OnboardApp', { tenant: 'team-a', targets: [{ stage: 'staging' }] }, { tenants });
    expect(tenants).not.toHaveBeenCalled();
  });
});
