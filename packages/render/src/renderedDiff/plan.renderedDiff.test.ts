import type { Actor } from '@platter/model';
import { RepoHarness } from '../testing';

const teamA: Actor = { kind: 'tenant', tenant: 'team-a' };

describe('plans carry the rendered diff', () => {
  it('a tenant rollback within a chart major: the HelmRelease version changes in every prod env, one group, committed directly', () => {
    const h = RepoHarness.example();
    const p = h.plan({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.1.0' }, teamA);
    expect(p.renderedDiff?.groups).toEqual([
      {
        environments: ['prod-eu', 'prod-us'],
        stages: ['prod'],
        dangers: [],
        changes: [
          expect.objectContaining({
            op: 'change',
            object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'team-a', name: 'shop' },
            appliedBy: 'team-a/shop',
            fields: [{ op: 'change', path: 'spec.chart.spec.version', before: '1.2.0', after: '1.1.0' }],
          }),
        ],
      },
    ]);
    expect(p.review).toBe('direct');
  });

  it("a danger finding sends a tenant's own request to platform review", () => {
    const h = RepoHarness.example();
    const p = h.plan({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '0.9.0' }, teamA);
    expect(p.changes.map((c) => c.path)).toEqual(['apps/shop/prod/release.yaml']);
    expect(p.renderedDiff?.groups.flatMap((g) => g.dangers.map((d) => [d.code, d.path]))).toEqual([
      ['ChartMajorVersionChanged', 'apps/shop/prod/release.yaml#spec.chart.spec.version'],
    ]);
    expect(p.review).toBe('platform-review');
    // The platform team's own request stays direct: the finding is shown, not enforced.
    expect(h.plan({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '0.9.0' }).review).toBe(
      'direct',
    );
  });

  it("an image app's pin (the overlay's images:) changes the container image", () => {
    const h = RepoHarness.example();
    const p = h.plan(
      { kind: 'Rollback', app: 'billing', target: { env: 'staging-eu' }, version: '1.9.0' },
      { kind: 'tenant', tenant: 'team-b' },
    );
    const [group] = p.renderedDiff!.groups;
    expect(group!.environments).toEqual(['staging-eu']);
    expect(group!.changes.map((c) => [c.id, c.fields.map((f) => f.path)])).toEqual([
      ['apps/Deployment/team-b/billing', ['spec.template.spec.containers[0].image']],
    ]);
    const [field] = group!.changes[0]!.fields;
    expect(field!.after).toBe('ghcr.io/example-org/billing:1.9.0');
    expect(String(field!.before)).toMatch(/^ghcr\.io\/example-org\/billing:/);
  });

  it("a plain-manifest component's addon: the objects of its manifests change, as a chart's HelmRelease would", () => {
    const h = RepoHarness.example();
    const p = h.plan({ kind: 'DisableAddon', env: 'staging-eu', service: 'monitoring-agent', addon: 'control-plane' });
    const [group] = p.renderedDiff!.groups;
    expect(group!.environments).toEqual(['staging-eu']);
    expect(group!.changes.map((c) => [c.object.kind, c.appliedBy, c.fields.map((f) => [f.op, f.path])])).toEqual([
      ['DaemonSet', 'flux-system/runtime-monitoring-agent', [['remove', 'spec.template.spec.tolerations']]],
      ['Kustomization', 'flux-system/flux-system', [['remove', 'spec.components[0]']]],
    ]);
  });

  it('an empty plan has no rendered diff', () => {
    const h = RepoHarness.example();
    expect(
      h.plan({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' }).renderedDiff,
    ).toBeUndefined();
  });
});
