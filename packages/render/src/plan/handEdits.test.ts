import { RepoHarness } from '../testing';

/**
 * Issue 14 part 3, "a request touches only what it changes": hand edits a
 * request does not need to change keep their bytes. Found by trying it: a tuned
 * `interval: 5m` was reset to `10m` by an unrelated `tenant add`, and comments
 * inside a list were dropped by a request that edited the list.
 */
const teamC = {
  kind: 'OnboardTenant',
  name: 'team-c',
  owner: 'group:default/team-c',
  codeowners: ['@example-org/team-c'],
  stages: ['prod'],
};
const RUNTIME = 'stages/prod/runtime/ingress-nginx.yaml';
const STAGE = 'stages/prod/kustomization.yaml';

describe('a request leaves hand edits outside its own change as they are (issue 14)', () => {
  it('a tuned managed field (interval: 5m) survives an unrelated tenant add, byte for byte', () => {
    const h = RepoHarness.example().edit(RUNTIME, (t) => t.replace('interval: 10m', 'interval: 5m'));
    const before = h.read(RUNTIME);
    const p = h.apply(teamC);
    expect(RepoHarness.changed(p)).not.toContain(`modify ${RUNTIME}`);
    expect(h.read(RUNTIME)).toBe(before);
  });

  it('full-line and trailing comments inside a list survive a request that edits the list', () => {
    const h = RepoHarness.example().edit(STAGE, (t) =>
      t
        .replace('  - runtime/cert-manager.yaml\n', '  # certificates first\n  - runtime/cert-manager.yaml # pinned\n')
        .replace('  - ../../tenants/team-a/prod\n', '  - ../../tenants/team-a/prod # team a\n  # tenants end here\n'),
    );
    h.apply(teamC);
    expect(h.read(STAGE)).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1alpha1',
        'kind: Component',
        'resources:',
        '  - stage-config.yaml',
        '  # certificates first',
        '  - runtime/cert-manager.yaml # pinned',
        '  - runtime/external-dns.yaml',
        '  - runtime/ingress-nginx.yaml',
        '  - ../../tenants/team-a/prod # team a',
        '  - ../../tenants/team-c/prod',
        '  # tenants end here',
        '  - cloud-classes.yaml',
        '',
      ].join('\n'),
    );
  });

  it('a tuned field in the same object as the change keeps its value; the changed field changes', () => {
    const h = RepoHarness.example().edit(RUNTIME, (t) =>
      t.replace('interval: 10m', 'interval: 5m # tuned for prod').replace('timeout: 5m', 'timeout: 9m'),
    );
    h.apply({ kind: 'EnableAddon', stage: 'prod', service: 'ingress-nginx', addon: 'internal-lb' });
    const after = h.read(RUNTIME);
    expect(after).toContain('interval: 5m # tuned for prod\n');
    expect(after).toContain('timeout: 9m\n');
    expect(after).toContain('- ../internal-lb');
  });

  it('the plan names the hand-tuned managed fields it leaves as found in the files it changes (a warning)', () => {
    const h = RepoHarness.example().edit(RUNTIME, (t) => t.replace('interval: 10m', 'interval: 5m'));
    const p = h.plan({ kind: 'EnableAddon', stage: 'prod', service: 'ingress-nginx', addon: 'internal-lb' });
    const kept = p.diagnostics.filter((d) => d.code === 'ManagedFieldEdited');
    expect(kept.map((d) => [d.severity, d.path])).toEqual([['warning', `${RUNTIME}#spec.interval`]]);
    expect(kept[0]!.message).toContain('Platter would write "10m", found "5m"');
    // A file the request does not change is not its business: the tenant add says nothing of it.
    expect(h.plan(teamC).diagnostics.filter((d) => d.code === 'ManagedFieldEdited')).toEqual([]);
  });
});
