import { renderChanges } from '../../render';
import { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES } from '../../example';
import { fakeSealedSecret, RepoHarness, rejection } from '../../testing';

const OTHER_RECIPIENT = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';
const dnsSecret = (patch: Partial<Parameters<typeof fakeSealedSecret>[0]> = {}) => ({
  name: 'runtime-external-dns',
  keys: ['EXTERNAL_DNS_API_TOKEN'],
  sealed: fakeSealedSecret({
    name: 'runtime-external-dns',
    keys: ['EXTERNAL_DNS_API_TOKEN'],
    recipients: [DEMO_AGE_RECIPIENT],
    ...patch,
  }),
});

const createStagingUs = {
  kind: 'CreateEnvironment',
  name: 'staging-us',
  stage: 'staging',
  owner: 'group:default/platform-team',
  ageRecipients: [DEMO_AGE_RECIPIENT],
  config: { cluster_name: 'staging-us', region: 'us-east-1' },
  secrets: [dnsSecret()],
};

describe('planCreateEnvironment', () => {
  it('adds the env dir, its sealed secret as given, and its platter.yaml and .sops.yaml entries', () => {
    const h = RepoHarness.example();
    const p = h.plan(createStagingUs);
    expect(RepoHarness.changed(p)).toEqual([
      'modify .sops.yaml',
      'add envs/staging-us/env-config.yaml',
      'add envs/staging-us/flux-system/gotk-components.yaml',
      'add envs/staging-us/flux-system/gotk-sync.yaml',
      'add envs/staging-us/flux-system/kustomization.yaml',
      'add envs/staging-us/kustomization.yaml',
      'add envs/staging-us/secrets/runtime-external-dns.yaml.encrypted',
      'add envs/staging-us/tenant-config.yaml',
      'modify platter.yaml',
    ]);
    expect(p.changes.find((c) => c.path.endsWith('.encrypted'))?.after).toBe(createStagingUs.secrets[0]!.sealed);
    expect(p.review).toBe('direct');
    expect(p.needsSecrets).toEqual([]);
    expect(p.affected).toEqual({ stages: [], environments: ['staging-us'] });
    expect(p.diff).toContain('+  - secrets/runtime-external-dns.yaml.encrypted');
    expect(p.diff).toContain('+    - name: staging-us');
    expect(p.diff).toContain('^envs/staging-us/secrets/');
  });

  it('is empty when re-applied, even with the secret sealed again, and leaves a valid repository', () => {
    const h = RepoHarness.example();
    h.apply(createStagingUs);
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]); // what a full render of the result gives
    expect(h.model().environments.find((e) => e.name === 'staging-us')?.secrets).toEqual([
      expect.objectContaining({
        name: 'runtime-external-dns',
        namespace: 'flux-system',
        keys: ['EXTERNAL_DNS_API_TOKEN'],
        encrypted: true,
      }),
    ]);
    expect(h.plan(createStagingUs).changes).toEqual([]);
    const resealed = {
      ...createStagingUs,
      secrets: [
        { ...dnsSecret(), sealed: EXAMPLE_SECRET_FILES['envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted'] },
      ],
    };
    expect(h.plan(resealed).changes).toEqual([]);
  });

  it('asking for an existing env with its own settings gives an empty plan', () => {
    const h = RepoHarness.example();
    const p = h.plan({
      ...createStagingUs,
      name: 'staging-eu',
      config: { cluster_name: 'staging-eu', region: 'eu-west-1' },
    });
    expect(p.changes).toEqual([]);
  });

  it('a secret the stage needs and the request lacks is listed in needsSecrets, not rejected', () => {
    const h = RepoHarness.example();
    const p = h.plan({ ...createStagingUs, secrets: [] });
    expect(RepoHarness.changed(p)).not.toContainEqual(expect.stringContaining('secrets/'));
    expect(p.needsSecrets).toEqual([
      { env: 'staging-us', secret: 'runtime-external-dns', key: 'EXTERNAL_DNS_API_TOKEN' },
    ]);
    expect(p.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['SecretNeeded', 'envs/staging-us/secrets/runtime-external-dns.yaml.encrypted'],
    ]);
  });

  it('an env in a stage without required secrets needs none', () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', stages: ['prod'] });
    const p = h.apply({
      ...createStagingUs,
      name: 'prod-ap',
      stage: 'prod',
      config: { cluster_name: 'prod-ap', region: 'ap-southeast-1' },
      secrets: [dnsSecret()],
    });
    expect(p.needsSecrets).toEqual([]);
    // Every tenant of the stage gets its platter-env copy.
    expect(
      h
        .model()
        .tenants.filter((t) => t.stages.includes('prod'))
        .map((t) => t.name),
    ).toEqual(['team-a', 'team-c']);
    expect(h.read('envs/prod-ap/tenant-config.yaml').match(/namespace: \S+/g)).toEqual([
      'namespace: team-a',
      'namespace: team-c',
    ]);
    expect(h.validate()).toEqual([]);
  });

  it.each([
    ['unknown stage', 'UnknownStage', { stage: 'qa' }],
    ['invalid env name', 'InvalidName', { name: 'Staging_US' }],
    ['reserved env name', 'ReservedName', { name: 'flux-system' }],
    ['existing env with other settings', 'DuplicateName', { name: 'staging-eu' }],
    [
      'existing env in another stage',
      'DuplicateName',
      { name: 'prod-eu', config: { cluster_name: 'prod-eu', region: 'eu-west-1' } },
    ],
    ['a secret given twice', 'DuplicateName', { secrets: [dnsSecret(), dnsSecret()] }],
    [
      'plaintext values (not sealed)',
      'NotEncrypted',
      { secrets: [{ name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'x' } }] },
    ],
    ['a sealed file with plaintext values', 'NotEncrypted', { secrets: [dnsSecret({ plaintext: true })] }],
    [
      'a sealed file of another secret',
      'InvalidManifest',
      {
        secrets: [
          {
            ...dnsSecret(),
            sealed: fakeSealedSecret({
              name: 'other',
              keys: ['EXTERNAL_DNS_API_TOKEN'],
              recipients: [DEMO_AGE_RECIPIENT],
            }),
          },
        ],
      },
    ],
    ['a sealed file that is no Secret', 'InvalidManifest', { secrets: [dnsSecret({ kind: 'ConfigMap' })] }],
    ['a sealed file in another namespace', 'InvalidManifest', { secrets: [dnsSecret({ namespace: 'default' })] }],
    ['a sealed file that is not YAML', 'InvalidManifest', { secrets: [{ ...dnsSecret(), sealed: 'a: [' }] }],
    ['keys that differ from the sealed file', 'InvalidManifest', { secrets: [{ ...dnsSecret(), keys: ['TOKEN'] }] }],
    [
      'a secret not sealed to the env',
      'InvalidEncryption',
      { secrets: [dnsSecret({ recipients: [OTHER_RECIPIENT] })] },
    ],
    ['an invalid secret name', 'InvalidName', { secrets: [{ ...dnsSecret(), name: 'Runtime' }] }],
    ['a recipient that is not an age key', 'InvalidEncryption', { ageRecipients: ['ssh-ed25519 AAAA'], secrets: [] }],
    [
      'a config key Flux cannot substitute',
      'InvalidVariableName',
      { config: { cluster_name: 'x', 'cluster-region': 'y' } },
    ],
    ['a config key the stage needs left out', 'MissingConfigKey', { config: { region: 'us-east-1' } }],
    ['an invalid owner', 'InvalidName', { owner: 'team-a' }],
    ['no recipients', 'InvalidRequest', { ageRecipients: [] }],
  ])('%s -> %s, tree unchanged', (_name, code, patch) => {
    const h = RepoHarness.example();
    expect(rejection(h, { ...createStagingUs, ...patch }).code).toBe(code);
  });

  it('a tenant may ask, but creating an env needs platform review', () => {
    const h = RepoHarness.example();
    const p = h.plan(createStagingUs, { kind: 'tenant', tenant: 'team-a' });
    expect(p.review).toBe('platform-review');
  });
});
