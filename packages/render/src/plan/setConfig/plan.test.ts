import { renderChanges } from '../../render';
import { RepoHarness, rejection } from '../../testing';

const tenantConfigOf = (h: RepoHarness, env: string) => h.read(`envs/${env}/tenant-config.yaml`);

describe('planSetConfig', () => {
  it.each([
    [
      'a stage key no tenant sees',
      { stage: 'prod', set: { support_email: 'ops@example.com' } },
      ['modify stages/prod/stage-config.yaml'],
    ],
    [
      'an allow-listed stage key: the tenant-config copies of its envs follow',
      { stage: 'prod', set: { domain: 'example.org' } },
      [
        'modify envs/prod-eu/tenant-config.yaml',
        'modify envs/prod-us/tenant-config.yaml',
        'modify stages/prod/stage-config.yaml',
      ],
    ],
    [
      'an env key',
      { env: 'prod-eu', set: { region: 'eu-central-1' } },
      ['modify envs/prod-eu/env-config.yaml', 'modify envs/prod-eu/tenant-config.yaml'],
    ],
    [
      'an env key that overrides the stage',
      { env: 'prod-us', set: { domain: 'us.example.com' } },
      ['modify envs/prod-us/env-config.yaml', 'modify envs/prod-us/tenant-config.yaml'],
    ],
    [
      'unsetting a key nothing needs',
      { env: 'staging-eu', unset: ['region'] },
      ['modify envs/staging-eu/env-config.yaml', 'modify envs/staging-eu/tenant-config.yaml'],
    ],
    [
      'set and unset at once',
      { stage: 'staging', set: { support_email: 'x@example.com' }, unset: ['nope'] },
      ['modify stages/staging/stage-config.yaml'],
    ],
  ])('%s: changes exactly its files, re-plans empty, stays valid', (_name, patch, changed) => {
    const h = RepoHarness.example();
    const request = { kind: 'SetConfig', ...patch };
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(p.review).toBe('direct');
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]); // what a full render of the result gives
    expect(h.plan(request).changes).toEqual([]);
  });

  it('an env value wins over the stage value in the tenant copy', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'SetConfig', env: 'prod-us', set: { domain: 'us.example.com' } });
    h.apply({ kind: 'SetConfig', stage: 'prod', set: { domain: 'example.org' } });
    expect(tenantConfigOf(h, 'prod-us')).toContain('domain: us.example.com');
    expect(tenantConfigOf(h, 'prod-eu')).toContain('domain: example.org');
    expect(h.model().stages.find((s) => s.name === 'prod')?.config).toEqual({ domain: 'example.org' });
  });

  it('setting a value a key already has, or unsetting an absent key, is empty', () => {
    const h = RepoHarness.example();
    expect(h.plan({ kind: 'SetConfig', stage: 'prod', set: { domain: 'example.com' } }).changes).toEqual([]);
    expect(h.plan({ kind: 'SetConfig', env: 'prod-eu', unset: ['nope'] }).changes).toEqual([]);
  });

  it.each([
    ['unknown stage', 'UnknownStage', { stage: 'qa', set: { a: 'b' } }],
    ['unknown env', 'UnknownEnvironment', { env: 'prod-ap', set: { a: 'b' } }],
    ['both a stage and an env', 'InvalidRequest', { stage: 'prod', env: 'prod-eu', set: { a: 'b' } }],
    ['neither a stage nor an env', 'InvalidRequest', { set: { a: 'b' } }],
    ['nothing to set or unset', 'InvalidRequest', { stage: 'prod' }],
    ['a key both set and unset', 'InvalidRequest', { stage: 'prod', set: { a: 'b' }, unset: ['a'] }],
    ['a key Flux cannot substitute', 'InvalidVariableName', { stage: 'prod', set: { 'support-email': 'x' } }],
    ['a key Flux cannot substitute, on an env', 'InvalidVariableName', { env: 'prod-eu', set: { '1st': 'x' } }],
    ['the derived stage key', 'ReservedName', { stage: 'prod', set: { stage: 'production' } }],
    ['the derived env key', 'ReservedName', { env: 'prod-eu', unset: ['env'] }],
    ['unsetting a stage key a component needs', 'MissingConfigKey', { stage: 'prod', unset: ['domain'] }],
    ['unsetting an env key a component needs', 'MissingConfigKey', { env: 'prod-eu', unset: ['cluster_name'] }],
  ])('%s -> %s, tree unchanged', (_name, code, patch) => {
    const h = RepoHarness.example();
    expect(rejection(h, { kind: 'SetConfig', ...patch }).code).toBe(code);
  });

  it('a stage key the envs define themselves may be unset', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'SetConfig', env: 'staging-eu', set: { domain: 'eu.staging.example.com' } });
    const p = h.apply({ kind: 'SetConfig', stage: 'staging', unset: ['domain'] });
    expect(RepoHarness.changed(p)).toEqual(['modify stages/staging/stage-config.yaml']);
    expect(h.validate()).toEqual([]);
  });

  it('a tenant may ask, but stage and env config need platform review', () => {
    const h = RepoHarness.example();
    expect(
      h.plan(
        { kind: 'SetConfig', stage: 'staging', set: { support_email: 'a@example.com' } },
        { kind: 'tenant', tenant: 'team-a' },
      ).review,
    ).toBe('platform-review');
  });
});
