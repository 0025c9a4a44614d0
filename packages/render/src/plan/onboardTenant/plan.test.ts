import { renderChanges } from '../../render';
import { RepoHarness, rejection } from '../../testing';

const onboardTeamC = {
  kind: 'OnboardTenant',
  name: 'team-c',
  owner: 'group:default/team-c',
  codeowners: ['@example-org/team-c'],
  stages: ['staging'],
};

describe('planOnboardTenant', () => {
  it('a new tenant gets its base, its stage dir, its CODEOWNERS lines and a platter-env copy in each env of the stage', () => {
    const h = RepoHarness.example();
    const p = h.plan(onboardTeamC);
    expect(RepoHarness.changed(p)).toEqual([
      'modify CODEOWNERS',
      'modify envs/staging-eu/tenant-config.yaml',
      'modify platter.yaml',
      'modify stages/staging/kustomization.yaml',
      'add tenants/team-c/base/kustomization.yaml',
      'add tenants/team-c/base/namespaces.yaml',
      'add tenants/team-c/base/rbac.yaml',
      'add tenants/team-c/base/source.yaml',
      'add tenants/team-c/staging/kustomization.yaml',
    ]);
    expect(p.review).toBe('direct');
    expect(p.affected).toEqual({ stages: ['staging'], environments: ['staging-eu'] });
    expect(p.diff).toContain('+  - ../../tenants/team-c/staging');
    expect(p.diff).toContain('+/tenants/team-c/');
  });

  it('is empty when re-applied, and leaves a valid repository with the tenant in its default namespace', () => {
    const h = RepoHarness.example();
    h.apply(onboardTeamC);
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]); // what a full render of the result gives
    expect(h.model().tenants.find((t) => t.name === 'team-c')).toEqual(
      expect.objectContaining({
        owner: 'group:default/team-c',
        codeowners: ['@example-org/team-c'],
        namespaces: ['team-c'],
        stages: ['staging'],
      }),
    );
    expect(h.plan(onboardTeamC).changes).toEqual([]);
    // Without codeowners/namespaces the request means "as they are".
    expect(h.plan({ ...onboardTeamC, codeowners: [] }).changes).toEqual([]);
  });

  it('an existing tenant gains a stage: only the stage side changes', () => {
    const h = RepoHarness.example();
    h.apply(onboardTeamC);
    const p = h.apply({ ...onboardTeamC, stages: ['staging', 'prod'] });
    expect(RepoHarness.changed(p)).toEqual([
      'modify envs/prod-eu/tenant-config.yaml',
      'modify envs/prod-us/tenant-config.yaml',
      'modify stages/prod/kustomization.yaml',
      'add tenants/team-c/prod/kustomization.yaml',
    ]);
    expect(h.validate()).toEqual([]);
  });

  it('a tenant with an env-only app there includes its base through the stage from now on', () => {
    const h = RepoHarness.example();
    const p = h.apply({ kind: 'OnboardTenant', name: 'team-b', owner: 'group:default/team-b', stages: ['staging'] });
    expect(RepoHarness.changed(p)).toEqual([
      'modify stages/staging/kustomization.yaml',
      'modify tenants/team-b/envs/staging-eu/kustomization.yaml',
      'add tenants/team-b/staging/kustomization.yaml',
    ]);
    expect(h.read('tenants/team-b/envs/staging-eu/kustomization.yaml')).not.toContain('../../base');
    expect(h.validate()).toEqual([]);
  });

  it('namespaces are the ones asked for', () => {
    const h = RepoHarness.example();
    h.apply({ ...onboardTeamC, namespaces: ['team-c-web', 'team-c'] });
    expect(h.model().tenants.find((t) => t.name === 'team-c')?.namespaces).toEqual(['team-c', 'team-c-web']);
    expect(h.read('envs/staging-eu/tenant-config.yaml').match(/namespace: \S+/g)).toEqual([
      'namespace: team-a',
      'namespace: team-b',
      'namespace: team-c',
      'namespace: team-c-web',
    ]);
    expect(h.validate()).toEqual([]);
  });

  it.each([
    ['unknown stage', 'UnknownStage', { stages: ['qa'] }],
    ['no stages', 'InvalidRequest', { stages: [] }],
    ['invalid name', 'InvalidName', { name: 'Team_C' }],
    ['reserved name', 'ReservedName', { name: 'platter' }],
    ['invalid namespace', 'InvalidName', { namespaces: ['Team-C'] }],
    ['reserved namespace', 'ReservedNamespace', { namespaces: ['kube-system'] }],
    ["a runtime component's namespace", 'NamespaceCollision', { namespaces: ['ingress-nginx'] }],
    ["another tenant's namespace", 'NamespaceCollision', { namespaces: ['team-a'] }],
    ['invalid owner', 'InvalidName', { owner: 'team-c' }],
    ['an existing tenant with another owner', 'DuplicateName', { name: 'team-a', owner: 'group:default/team-c' }],
    [
      'an existing tenant with other namespaces',
      'DuplicateName',
      { name: 'team-b', owner: 'group:default/team-b', namespaces: ['team-b2'] },
    ],
    [
      'an existing tenant with other codeowners',
      'DuplicateName',
      { name: 'team-b', owner: 'group:default/team-b', codeowners: ['@example-org/someone'] },
    ],
  ])('%s -> %s, tree unchanged', (_name, code, patch) => {
    const h = RepoHarness.example();
    expect(rejection(h, { ...onboardTeamC, ...patch }).code).toBe(code);
  });

  it('an existing tenant asked into the stages it has gives an empty plan', () => {
    const h = RepoHarness.example();
    expect(
      h.plan({ kind: 'OnboardTenant', name: 'team-a', owner: 'group:default/team-a', stages: ['prod', 'staging'] })
        .changes,
    ).toEqual([]);
  });

  it('a tenant onboarding itself into a stage needs platform review; onboarding another tenant is Forbidden', () => {
    const h = RepoHarness.example();
    const teamB = { kind: 'OnboardTenant', name: 'team-b', owner: 'group:default/team-b', stages: ['prod'] };
    const p = h.plan(teamB, { kind: 'tenant', tenant: 'team-b' });
    expect(p.review).toBe('platform-review');
    expect(rejection(h, teamB, { kind: 'tenant', tenant: 'team-a' }).code).toBe('Forbidden');
    expect(rejection(h, onboardTeamC, { kind: 'tenant', tenant: 'team-a' }).code).toBe('Forbidden');
  });
});
