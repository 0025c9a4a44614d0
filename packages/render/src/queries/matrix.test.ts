import { RepoHarness } from '../testing';
import { compatibilityMatrixOf } from './matrix';

/**
 * The compatibility matrix over the example repository (ingress-nginx 1.0.0 and
 * 1.1.0 with addons nodeport, metrics, internal-lb; stages staging and prod).
 * The static build here; the real `kubectl kustomize` in gitops-repo's
 * kustomizeMatrix.slow.test.ts.
 */
describe('compatibilityMatrixOf', () => {
  it('checks every conflict-free addon subset of every version in every stage, marking what runs today', () => {
    const m = compatibilityMatrixOf(RepoHarness.example().tree, { service: 'ingress-nginx' });
    expect(m.sample).toBeUndefined();
    const cell = (version: string, stage: string) => m.cells.find((c) => c.version === version && c.stage === stage)!;
    expect(cell('1.0.0', 'prod')).toMatchObject({ used: true, status: 'ok', failing: 0 });
    expect(cell('1.1.0', 'prod')).toMatchObject({ used: false, status: 'ok' });
    expect(cell('1.1.0', 'staging')).toMatchObject({ used: true, status: 'ok' });
    // prod runs [metrics]; prod-us disables it (an env override): both are used combinations.
    const prodToday = m.combinations.filter((c) => c.stage === 'prod' && c.version === '1.0.0');
    expect(prodToday.find((c) => c.usedByStage)!.addons).toEqual(['metrics']);
    expect(prodToday.find((c) => c.usedByEnvironments.includes('prod-us'))!.addons).toEqual([]);
    expect(prodToday.every((c) => c.builds && c.conflictFree && c.requiresMet)).toBe(true);
  });

  it.each([
    [
      'a patch target missing from _base breaks the build of that addon',
      (h: RepoHarness) =>
        h.edit('runtime/ingress-nginx/1.1.0/metrics/patch.yaml', (t) => t.replace('name: ingress-nginx', 'name: nope')),
      'metrics',
      'builds',
    ],
    [
      'a required config key the stage lacks',
      (h: RepoHarness) =>
        h.editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (doc) => {
          doc.spec.requires = { config: ['ingress_class'], secrets: [] };
        }),
      undefined,
      'requiresMet',
    ],
  ])('%s', (_n, damage, addon, column) => {
    const h = RepoHarness.example();
    damage(h);
    const m = compatibilityMatrixOf(h.tree, { service: 'ingress-nginx' });
    const failing = m.combinations.filter(
      (c) => c.version === '1.1.0' && c.stage === 'staging' && !(c as unknown as Record<string, boolean>)[column],
    );
    expect(failing.length).toBeGreaterThan(0);
    if (addon) expect(failing.every((c) => c.addons.includes(addon))).toBe(true);
    expect(m.cells.find((c) => c.version === '1.1.0' && c.stage === 'staging')!.status).toBe('fails');
  });

  it('states its sample when a version has more combinations than the limit', () => {
    const m = compatibilityMatrixOf(RepoHarness.example().tree, { service: 'ingress-nginx', maxPerCell: 2 });
    expect(m.sample).toMatchObject({ checked: expect.any(Number), total: expect.any(Number) });
    expect(m.sample!.checked).toBeLessThan(m.sample!.total);
  });
});
