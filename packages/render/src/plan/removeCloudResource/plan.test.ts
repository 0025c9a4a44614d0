import { type Actor } from '@platter/model';
import { EXAMPLE_CLOUD_FILES } from '../../example/exampleCloud';
import { RepoHarness, rejection } from '../../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };

function harness(): RepoHarness {
  const h = RepoHarness.example();
  for (const [path, text] of Object.entries(EXAMPLE_CLOUD_FILES)) h.write(path, text);
  h.apply(
    { kind: 'AddCloudResource', app: 'shop', target: { stage: 'staging' }, name: 'uploads', class: 's3-bucket' },
    teamA,
  );
  h.apply(
    {
      kind: 'AddCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'uploads',
      class: 's3-bucket',
      parameters: { backups: true, retentionDays: 30 },
    },
    teamA,
  );
  return h;
}

const remove = (over: Record<string, unknown> = {}) => ({
  kind: 'RemoveCloudResource',
  app: 'shop',
  target: { stage: 'prod' },
  name: 'uploads',
  ...over,
});

describe('planRemoveCloudResource', () => {
  it('deletes the object and its entry once the deletionPolicy is confirmed, and leaves the rest', () => {
    const h = harness();
    const kustomizationBefore = RepoHarness.example().read('apps/shop/prod/kustomization.yaml');
    const appBefore = RepoHarness.example().read('tenants/team-a/prod/shop.yaml');
    expect(h.read('tenants/team-a/prod/shop.yaml')).toContain('- name: cloud-classes');
    const p = h.apply(remove({ confirmDeletionPolicy: 'Orphan' }), teamA);
    expect(RepoHarness.changed(p)).toEqual([
      'delete apps/shop/prod/cloud/uploads.yaml',
      'modify apps/shop/prod/kustomization.yaml',
      'modify tenants/team-a/prod/shop.yaml',
    ]);
    expect(p.review).toBe('direct');
    expect(h.read('apps/shop/prod/kustomization.yaml')).toBe(kustomizationBefore);
    // The last claim gone, the app's Kustomization is as it was: no dependsOn on the install.
    expect(h.read('tenants/team-a/prod/shop.yaml')).toBe(appBefore);
    expect(h.read('tenants/team-a/staging/shop.yaml')).toContain('- name: cloud-classes');
    expect(h.tree.read('apps/shop/staging/cloud/uploads.yaml')).toBeDefined();
    expect(h.errors()).toEqual([]);
    // Removed already: empty, and said so.
    const again = h.plan(remove({ confirmDeletionPolicy: 'Orphan' }), teamA);
    expect(again.changes).toEqual([]);
    expect(again.diagnostics.map((d) => d.code)).toEqual(['AlreadyAbsent']);
  });

  it.each<[string, Record<string, unknown>, { code?: string; path?: string }]>([
    [
      'no confirmation (prod orphans by default)',
      remove(),
      { code: 'DeletionPolicyNotConfirmed', path: 'confirmDeletionPolicy' },
    ],
    [
      'the wrong policy confirmed',
      remove({ confirmDeletionPolicy: 'Delete' }),
      { code: 'DeletionPolicyNotConfirmed', path: 'confirmDeletionPolicy' },
    ],
    [
      'staging deletes: confirmed Orphan is wrong',
      remove({ target: { stage: 'staging' }, confirmDeletionPolicy: 'Orphan' }),
      { code: 'DeletionPolicyNotConfirmed', path: 'confirmDeletionPolicy' },
    ],
    ['staging deletes, confirmed', remove({ target: { stage: 'staging' }, confirmDeletionPolicy: 'Delete' }), {}],
    ['an unknown app', remove({ app: 'nope', confirmDeletionPolicy: 'Orphan' }), { code: 'UnknownApp', path: 'app' }],
    ['another tenant', remove({ confirmDeletionPolicy: 'Orphan' }), { code: 'Forbidden', path: 'app' }],
  ])('%s', (name, request, expected) => {
    const actor: Actor = name === 'another tenant' ? { kind: 'tenant', tenant: 'team-b' } : teamA;
    expect(rejection(harness(), request, actor)).toEqual(expected);
  });

  it('reads the policy from the object as a person left it', () => {
    const h = harness();
    h.editYaml('apps/shop/prod/cloud/uploads.yaml', (doc) => (doc.spec.parameters.deletionPolicy = 'Delete'));
    expect(rejection(h, remove({ confirmDeletionPolicy: 'Orphan' }), teamA).code).toBe('DeletionPolicyNotConfirmed');
    expect(rejection(h, remove({ confirmDeletionPolicy: 'Delete' }), teamA)).toEqual({});
  });
});
