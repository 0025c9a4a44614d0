import { RepoHarness, rejectionError } from '../../testing';

/**
 * `menu release` refuses a release that breaks an addon combination a stage or
 * env runs today (issue 19 §1). staging-eu runs ingress-nginx 1.1.0 with
 * [nodeport, metrics] (an env override); 1.0.0 declares nodeport and metrics
 * conflicting, which troubles nobody today (prod runs 1.0.0 with [metrics]).
 * A 1.2.0 released from 1.0.0 carries the conflict to a version staging-eu
 * would upgrade to: refused, naming who runs the combination.
 */
function conflicted(): RepoHarness {
  const h = RepoHarness.example();
  h.apply({ kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', env: 'staging-eu' });
  return h.editYaml('runtime/ingress-nginx/1.0.0/component.yaml', (doc) => {
    doc.spec.addons.find((a: { name: string }) => a.name === 'nodeport').conflictsWith.push('metrics');
  });
}
const release = (extra: Record<string, unknown> = {}) => ({
  kind: 'ReleaseComponentVersion',
  service: 'ingress-nginx',
  version: '1.2.0',
  from: '1.0.0',
  ...extra,
});

describe('ReleaseComponentVersion and the combinations in use', () => {
  it('is refused when a combination an env runs today would conflict on the new version', () => {
    const error = rejectionError(conflicted(), release()) as unknown as {
      code: string;
      diagnostics: { code: string; message: string }[];
    };
    expect(error.code).toBe('AddonConflict');
    expect(error.diagnostics[0]!.message).toContain('[nodeport, metrics] as staging-eu runs it today');
  });

  it.each([
    ['from a version without the conflict', release({ from: '1.1.0' })],
    ['dropping one of the two addons deliberately (removeAddons)', release({ removeAddons: ['nodeport'] })],
  ])('plans %s', (_n, request) => {
    expect(conflicted().plan(request).changes.length).toBeGreaterThan(0);
  });
});
