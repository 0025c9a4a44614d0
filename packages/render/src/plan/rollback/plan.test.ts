import { type Actor } from '@platter/model';
import { renderChanges } from '../../render';
import { comparable, RepoHarness, roundTrip, rejection } from '../../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };
const teamB: Actor = { kind: 'tenant', tenant: 'team-b' };

describe('planRollback', () => {
  it.each<[string, Record<string, unknown>, Actor, string[], string]>([
    [
      'a stage pin of a helm app',
      { app: 'shop', target: { stage: 'prod' }, version: '1.1.0' },
      teamA,
      ['modify apps/shop/prod/release.yaml'],
      '-      version: 1.2.0\n+      version: 1.1.0',
    ],
    [
      'a prerelease back to an older prerelease',
      { app: 'shop', target: { stage: 'staging' }, version: '1.3.0-beta.2' },
      teamA,
      ['modify apps/shop/staging/release.yaml'],
      '+      version: 1.3.0-beta.2',
    ],
    [
      'an env pin of an image app',
      { app: 'billing', target: { env: 'staging-eu' }, version: '1.9.0' },
      teamB,
      ['modify apps/billing/envs/staging-eu/kustomization.yaml'],
      '+    newTag: 1.9.0',
    ],
  ])(
    'rolls back %s, touching only the pin, committed directly by its tenant',
    (_name, request, actor, changed, diff) => {
      const h = RepoHarness.example();
      const p = h.apply({ kind: 'Rollback', ...request }, actor);
      expect(RepoHarness.changed(p)).toEqual(changed);
      expect(p.diff).toContain(diff);
      expect(p.review).toBe('direct');
      expect(h.errors()).toEqual([]);
      const model = h.model();
      expect(renderChanges(model, h.tree)).toEqual([]);
      expect(comparable(roundTrip(model, h.tree))).toEqual(comparable(model));
      expect(h.plan({ kind: 'Rollback', ...request }, actor).changes).toEqual([]);
    },
  );

  it('the version already pinned is an empty plan', () => {
    const h = RepoHarness.example();
    expect(h.plan({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' }).changes).toEqual([]);
  });

  it.each<[string, string, string, Record<string, unknown>]>([
    [
      'a higher version: use PromoteApp',
      'InvalidRequest',
      'version',
      { app: 'shop', target: { stage: 'prod' }, version: '1.2.1' },
    ],
    [
      'a release above the pinned prerelease',
      'InvalidRequest',
      'version',
      { app: 'shop', target: { stage: 'staging' }, version: '1.3.0' },
    ],
    [
      'a target the app is not deployed at',
      'InvalidRequest',
      'target',
      { app: 'billing', target: { env: 'prod-eu' }, version: '1.0.0' },
    ],
    [
      'a prerelease into prod',
      'PrereleaseNotAllowed',
      'apps/shop/prod/release.yaml',
      { app: 'shop', target: { stage: 'prod' }, version: '1.1.0-rc.1' },
    ],
    ['an unknown app', 'UnknownApp', 'app', { app: 'nope', target: { stage: 'prod' }, version: '1.0.0' }],
    ['an unknown stage', 'UnknownStage', 'target', { app: 'shop', target: { stage: 'qa' }, version: '1.0.0' }],
    ['an unknown env', 'UnknownEnvironment', 'target', { app: 'billing', target: { env: 'qa-eu' }, version: '1.0.0' }],
    [
      'a version that is not SemVer',
      'InvalidSemVer',
      'version',
      { app: 'shop', target: { stage: 'prod' }, version: '1.1' },
    ],
    [
      'both stage and env',
      'InvalidRequest',
      'target',
      { app: 'shop', target: { stage: 'prod', env: 'prod-eu' }, version: '1.1.0' },
    ],
  ])('rejects %s -> %s', (_name, code, path, request) => {
    const got = rejection(RepoHarness.example(), { kind: 'Rollback', ...request });
    expect(got.code).toBe(code);
    expect(got.path).toBe(path);
  });

  it("a tenant may not roll back another tenant's app", () => {
    expect(
      rejection(
        RepoHarness.example(),
        { kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.1.0' },
        teamB,
      ).code,
    ).toBe('Forbidden');
  });
});
