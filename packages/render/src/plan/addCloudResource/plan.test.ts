import { type Actor } from '@platter/model';
import { EXAMPLE_CLOUD_FILES } from '../../example/exampleCloud';
import { readCloudResources } from '../../cloud';
import { RepoHarness, rejection } from '../../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const teamB: Actor = { kind: 'tenant', tenant: 'team-b' };

/** The example fleet with its two cloud classes (s3-bucket: Crossplane, postgres: Terraform). */
function harness(): RepoHarness {
  const h = RepoHarness.example();
  for (const [path, text] of Object.entries(EXAMPLE_CLOUD_FILES)) h.write(path, text);
  return h;
}

const bucket = (over: Record<string, unknown> = {}) => ({
  kind: 'AddCloudResource',
  app: 'shop',
  target: { stage: 'staging' },
  name: 'uploads',
  class: 's3-bucket',
  ...over,
});

describe('planAddCloudResource', () => {
  it('writes a Crossplane claim into the app overlay, lists it, and lands directly for its tenant', () => {
    const h = harness();
    const p = h.apply(bucket({ parameters: { versioning: true } }), teamA);
    expect(RepoHarness.changed(p)).toEqual([
      'add apps/shop/staging/cloud/uploads.yaml',
      'modify apps/shop/staging/kustomization.yaml',
      'modify tenants/team-a/staging/shop.yaml',
    ]);
    expect(p.review).toBe('direct');
    expect(h.read('apps/shop/staging/cloud/uploads.yaml')).toBe(
      [
        'apiVersion: platform.example.org/v1alpha1',
        'kind: Bucket',
        'metadata:',
        '  name: uploads',
        '  namespace: team-a',
        '  labels:',
        '    platter.dev/app: shop',
        '    platter.dev/cloud-class: s3-bucket',
        '    platter.dev/cloud-class-version: 1.0.0',
        'spec:',
        '  parameters:',
        '    versioning: true',
        '    region: eu-west-1',
        '    backups: false',
        '    retentionDays: 7',
        '    deletionPolicy: Delete',
        '  compositionRef:',
        '    name: s3-bucket-1.0.0',
        '  writeConnectionSecretToRef:',
        '    name: uploads-connection',
        '',
      ].join('\n'),
    );
    expect(h.read('apps/shop/staging/kustomization.yaml')).toContain('- cloud/uploads.yaml');
    // The app's Kustomization waits for staging's cloud-classes install (the claim's XRD), after ingress-nginx.
    expect(h.read('tenants/team-a/staging/shop.yaml')).toContain(
      [
        '  dependsOn:',
        '    - name: runtime-ingress-nginx',
        '      namespace: flux-system',
        '    - name: cloud-classes',
        '      namespace: flux-system',
        '',
      ].join('\n'),
    );
    expect(h.errors()).toEqual([]);
    // What render writes for the model is what the plan wrote: no managed field left behind.
    expect(h.validate().filter((d) => d.code === 'ManagedFieldEdited')).toEqual([]);
    // Asked again: nothing to do.
    expect(h.plan(bucket({ parameters: { versioning: true } }), teamA).changes).toEqual([]);
    expect(
      readCloudResources(
        h.tree,
        h.model().apps.find((a) => a.name === 'shop')!,
      ),
    ).toEqual([
      expect.objectContaining({
        name: 'uploads',
        stage: 'staging',
        class: 's3-bucket',
        version: '1.0.0',
        backend: 'crossplane',
        connectionSecret: 'uploads-connection',
        deletionPolicy: 'Delete',
      }),
    ]);
  });

  it('writes a tf-controller Terraform for an env-only app, and prod of a review class goes to review', () => {
    const h = harness();
    const env = h.apply(
      { kind: 'AddCloudResource', app: 'billing', target: { env: 'staging-eu' }, name: 'db', class: 'postgres' },
      teamB,
    );
    expect(RepoHarness.changed(env)).toEqual([
      'add apps/billing/envs/staging-eu/cloud/db.yaml',
      'modify apps/billing/envs/staging-eu/kustomization.yaml',
    ]);
    expect(env.review).toBe('direct');
    const tf = h.read('apps/billing/envs/staging-eu/cloud/db.yaml');
    expect(tf).toContain('kind: Terraform');
    expect(tf).toContain('path: ./cloud/postgres/2.1.0/module');
    expect(tf).toContain('destroyResourcesOnDeletion: true');
    expect(tf).toContain('name: db-connection');

    const prod = h.plan(
      {
        kind: 'AddCloudResource',
        app: 'shop',
        target: { stage: 'prod' },
        name: 'db',
        class: 'postgres',
        parameters: { backups: true },
      },
      teamA,
    );
    expect(prod.review).toBe('platform-review');
    expect(prod.diagnostics.map((d) => d.code)).toContain('CloudResourceNeedsReview');
    // Prod's default deletionPolicy is Orphan: removing the object keeps the database.
    expect(prod.changes[0]!.after).toContain('destroyResourcesOnDeletion: false');
  });

  it('keeps what a person added to the overlay kustomization and to the object', () => {
    const h = harness();
    h.apply(bucket(), teamA);
    h.editYaml('apps/shop/staging/kustomization.yaml', (doc) => doc.resources.push('extra.yaml'));
    h.write(
      'apps/shop/staging/extra.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: team-a\n',
    );
    h.editYaml('apps/shop/staging/cloud/uploads.yaml', (doc) => (doc.metadata.annotations = { note: 'mine' }));
    h.apply(bucket({ parameters: { versioning: true } }), teamA);
    expect(h.read('apps/shop/staging/kustomization.yaml')).toContain('- extra.yaml');
    expect(h.read('apps/shop/staging/cloud/uploads.yaml')).toContain('note: mine');
    expect(h.read('apps/shop/staging/cloud/uploads.yaml')).toContain('versioning: true');
  });

  it.each<[string, Record<string, unknown>, Actor | undefined, { code?: string; path?: string }]>([
    ['an unknown class', bucket({ class: 'redis' }), teamA, { code: 'UnknownCloudClass', path: 'class' }],
    ['an unknown version', bucket({ version: '9.9.9' }), teamA, { code: 'UnknownCloudClass', path: 'version' }],
    ['an unknown app', bucket({ app: 'nope' }), undefined, { code: 'UnknownApp', path: 'app' }],
    ['another tenant’s app', bucket(), teamB, { code: 'Forbidden', path: 'app' }],
    [
      'a stage the app is not deployed to',
      bucket({ app: 'billing' }),
      teamB,
      { code: 'AppNotDeployed', path: 'target' },
    ],
    [
      'a parameter of the wrong type',
      bucket({ parameters: { versioning: 'yes' } }),
      teamA,
      { code: 'InvalidCloudParameters', path: 'parameters.versioning' },
    ],
    [
      'a parameter the class does not have',
      bucket({ parameters: { size: 3 } }),
      teamA,
      { code: 'InvalidCloudParameters', path: 'parameters.size' },
    ],
    [
      'no backups in prod',
      bucket({ target: { stage: 'prod' } }),
      teamA,
      { code: 'CloudParameterOutOfLimits', path: 'parameters.backups' },
    ],
    [
      'short retention in prod',
      bucket({ target: { stage: 'prod' }, parameters: { backups: true } }),
      teamA,
      { code: 'CloudParameterOutOfLimits', path: 'parameters.retentionDays' },
    ],
    [
      'a bucket within prod’s limits',
      bucket({ target: { stage: 'prod' }, parameters: { backups: true, retentionDays: 30 } }),
      teamA,
      {},
    ],
  ])('%s', (_name, request, actor, expected) => {
    expect(rejection(harness(), request, actor)).toEqual(expected);
  });

  it('refuses a sunset class version and warns of a deprecated one', () => {
    const h = harness();
    h.editYaml(
      'cloud/s3-bucket/1.0.0/class.yaml',
      (doc) => (doc.spec.lifecycle = { status: 'deprecated', message: 'use 2.0.0' }),
    );
    expect(h.plan(bucket(), teamA).diagnostics.map((d) => d.code)).toContain('DeprecatedVersion');
    h.editYaml('cloud/s3-bucket/1.0.0/class.yaml', (doc) => (doc.spec.lifecycle.sunset = '2026-01-01'));
    expect(rejection(h, bucket({ version: '1.0.0' }), teamA)).toEqual({ code: 'SunsetVersion', path: 'version' });
  });
});

describe('planAddCloudResource with ${var} in a class', () => {
  // Env facts (config imported from Terraform outputs, say) reach a tenant's object through Flux substitution
  // of the tenant's allow-listed keys; a variable no env defines is refused by the rule every manifest meets.
  it.each<[string, string, { code?: string }]>([
    ['an allow-listed key (region)', '${region}', {}],
    ['a key no env or stage defines', '${nope_var}', { code: 'UnresolvedVariable' }],
  ])('%s', (_name, value, expected) => {
    const h = harness();
    h.editYaml('cloud/s3-bucket/1.0.0/class.yaml', (doc) => (doc.spec.parameters.properties.region.default = value));
    const { code } = rejection(h, bucket(), teamA);
    expect(code === undefined ? {} : { code }).toEqual(expected);
    if (!code) expect(h.plan(bucket(), teamA).changes[0]!.after).toContain(`region: ${value}`);
  });
});
