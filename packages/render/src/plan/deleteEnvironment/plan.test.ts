import { renderChanges } from '../../render';
import { RepoHarness, rejection } from '../../testing';

const deleteStagingEu = { kind: 'DeleteEnvironment', name: 'staging-eu' };

describe('planDeleteEnvironment', () => {
  it('removes the env dir, its settings entries and the env-only deployments to it, and warns about an app left undeployed', () => {
    const h = RepoHarness.example();
    const p = h.plan(deleteStagingEu);
    expect(RepoHarness.changed(p)).toEqual([
      'modify .sops.yaml',
      'delete apps/billing/envs/staging-eu/kustomization.yaml',
      'delete envs/staging-eu/env-config.yaml',
      'delete envs/staging-eu/flux-system/gotk-components.yaml',
      'delete envs/staging-eu/flux-system/gotk-sync.yaml',
      'delete envs/staging-eu/flux-system/kustomization.yaml',
      'delete envs/staging-eu/kustomization.yaml',
      'delete envs/staging-eu/secrets/runtime-external-dns.yaml.encrypted',
      'delete envs/staging-eu/tenant-config.yaml',
      'modify platter.yaml',
      'delete tenants/team-b/envs/staging-eu/billing.yaml',
      'delete tenants/team-b/envs/staging-eu/kustomization.yaml',
    ]);
    expect(p.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ['AppNotDeployed', 'warning', 'apps/billing/base/kustomization.yaml'],
    ]);
    expect(p.review).toBe('direct');
    expect(p.affected).toEqual({ stages: [], environments: ['staging-eu'] });
    expect(p.diff).toContain('-  - path_regex: ^envs/staging-eu/secrets/');
  });

  it('leaves a valid repository; the undeployed app keeps its base; re-planning is empty with a warning', () => {
    const h = RepoHarness.example();
    h.apply(deleteStagingEu);
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]); // what a full render of the result gives
    expect(h.model().apps.find((a) => a.name === 'billing')).toEqual(
      expect.objectContaining({ tenant: 'team-b', deployments: [] }),
    );
    expect(h.tree.list('apps/billing')).toEqual([
      'apps/billing/base/kustomization.yaml',
      'apps/billing/base/workload.yaml',
    ]);
    expect(h.tree.list('envs/staging-eu')).toEqual([]);
    // The env is gone: a retry plans nothing; the warning still shows a typo.
    const again = h.plan(deleteStagingEu);
    expect(again.changes).toEqual([]);
    expect(again.diagnostics.map((d) => [d.code, d.severity])).toEqual([['AlreadyAbsent', 'warning']]);
  });

  it('an env of a stage with stage-bound apps only: just the env and its settings', () => {
    const h = RepoHarness.example();
    const p = h.apply({ kind: 'DeleteEnvironment', name: 'prod-us' });
    expect(RepoHarness.changed(p).filter((c) => !c.startsWith('delete envs/prod-us/'))).toEqual([
      'modify .sops.yaml',
      'modify platter.yaml',
    ]);
    expect(p.diagnostics).toEqual([]);
    expect(h.validate()).toEqual([]);
    expect(h.tree.list('apps/shop/prod')).not.toEqual([]);
  });

  it('an env-only app deployed elsewhere too keeps its other deployment, without a warning', () => {
    const h = RepoHarness.example();
    h.apply({
      kind: 'OnboardApp',
      name: 'ledger',
      tenant: 'team-b',
      source: { type: 'image', image: 'ghcr.io/example-org/ledger', port: 8080 },
      targets: [{ env: 'staging-eu' }, { env: 'prod-eu' }],
      version: '1.0.0',
    });
    const p = h.apply(deleteStagingEu);
    expect(RepoHarness.changed(p)).toEqual(
      expect.arrayContaining([
        'delete apps/ledger/envs/staging-eu/kustomization.yaml',
        'delete tenants/team-b/envs/staging-eu/ledger.yaml',
      ]),
    );
    expect(p.diagnostics.map((d) => d.path)).toEqual(['apps/billing/base/kustomization.yaml']);
    expect(h.model().apps.find((a) => a.name === 'ledger')?.deployments).toEqual([
      expect.objectContaining({ env: 'prod-eu' }),
    ]);
    expect(h.validate()).toEqual([]);
  });

  it('unmanaged files in the env dir go with it', () => {
    const h = RepoHarness.example().write('envs/prod-us/README.md', '# prod-us\n');
    expect(RepoHarness.changed(h.plan({ kind: 'DeleteEnvironment', name: 'prod-us' }))).toContain(
      'delete envs/prod-us/README.md',
    );
  });

  it.each([['no name', 'InvalidRequest', { name: undefined }]])('%s -> %s, tree unchanged', (_name, code, patch) => {
    const h = RepoHarness.example();
    expect(rejection(h, { ...deleteStagingEu, ...patch }).code).toBe(code);
  });

  it("a tenant asking needs platform review, and may not remove another tenant's deployments", () => {
    const h = RepoHarness.example();
    expect(h.plan(deleteStagingEu, { kind: 'tenant', tenant: 'team-b' }).review).toBe('platform-review');
    expect(rejection(h, deleteStagingEu, { kind: 'tenant', tenant: 'team-a' }).code).toBe('Forbidden');
  });
});
