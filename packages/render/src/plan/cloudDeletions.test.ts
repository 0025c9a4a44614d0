import { type Actor } from '@platter/model';
import { EXAMPLE_CLOUD_FILES } from '../example/exampleCloud';
import { RepoHarness, rejection } from '../testing';

// A cloud resource whose object goes with deletionPolicy Delete is destroyed in the cloud: only
// RemoveCloudResource (which confirms the policy) may delete one. The example's s3-bucket class
// deletes in staging and orphans in prod.
const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };

function harness(): RepoHarness {
  const h = RepoHarness.example();
  for (const [path, text] of Object.entries(EXAMPLE_CLOUD_FILES)) h.write(path, text);
  for (const stage of ['staging', 'prod'])
    h.apply(
      {
        kind: 'AddCloudResource',
        app: 'shop',
        target: { stage },
        name: 'uploads',
        class: 's3-bucket',
        ...(stage === 'prod' ? { parameters: { backups: true, retentionDays: 30 } } : {}),
      },
      teamA,
    );
  return h;
}

describe('requests that would delete a cloud resource whose deletionPolicy is Delete', () => {
  it.each<[string, Record<string, unknown>, { code?: string; path?: string }]>([
    [
      'offboarding the app entirely (staging deletes)',
      { kind: 'OffboardApp', name: 'shop' },
      { code: 'DeletionPolicyNotConfirmed', path: 'apps/shop/staging/cloud/uploads.yaml' },
    ],
    [
      'offboarding it from staging',
      { kind: 'OffboardApp', name: 'shop', targets: [{ stage: 'staging' }] },
      { code: 'DeletionPolicyNotConfirmed', path: 'apps/shop/staging/cloud/uploads.yaml' },
    ],
    [
      'offboarding it from prod (Orphan: the bucket stays)',
      { kind: 'OffboardApp', name: 'shop', targets: [{ stage: 'prod' }] },
      {},
    ],
  ])('%s', (_name, request, expected) => {
    expect(rejection(harness(), request, teamA)).toEqual(expected);
  });

  it('once the resource is removed knowingly, the offboarding goes through', () => {
    const h = harness();
    h.apply(
      {
        kind: 'RemoveCloudResource',
        app: 'shop',
        target: { stage: 'staging' },
        name: 'uploads',
        confirmDeletionPolicy: 'Delete',
      },
      teamA,
    );
    const p = h.plan({ kind: 'OffboardApp', name: 'shop' }, teamA);
    expect(RepoHarness.changed(p)).toContain('delete apps/shop/prod/cloud/uploads.yaml');
  });

  it('the refusal names every resource it would destroy and how to remove it first', () => {
    const h = harness();
    expect(() => h.plan({ kind: 'OffboardApp', name: 'shop' }, teamA)).toThrow(
      /"uploads" \(apps\/shop\/staging\/cloud\/uploads\.yaml\) whose deletionPolicy is Delete.*RemoveCloudResource/,
    );
  });
});
