import { RepoHarness } from '../testing';

/**
 * Issue 22 item 5, "validate misses": CODEOWNERS or .sops.yaml edited or
 * deleted by hand is a validate finding (not only `render --check`'s).
 */
describe('validate misses CODEOWNERS or .sops.yaml edited or deleted by hand (issue 22 item 5)', () => {
  it.each<[string, (h: RepoHarness) => void, string]>([
    ['CODEOWNERS deleted', (h) => h.delete('CODEOWNERS'), 'CODEOWNERS'],
    [
      'CODEOWNERS: an app given to another team',
      (h) => h.edit('CODEOWNERS', (t) => t.replace(/(\/apps\/shop\/\s+)\S+/, '$1@example-org/team-b')),
      'CODEOWNERS',
    ],
    [
      'CODEOWNERS: a tenant base given to the tenant',
      (h) => h.edit('CODEOWNERS', (t) => t.replace(/(\/tenants\/team-a\/base\/\s+)\S+/, '$1@example-org/team-a')),
      'CODEOWNERS',
    ],
    ['CODEOWNERS: the catch-all removed', (h) => h.edit('CODEOWNERS', (t) => t.replace(/^\*.*\n/m, '')), 'CODEOWNERS'],
    [
      'CODEOWNERS: a line added for a path nobody owns',
      (h) => h.edit('CODEOWNERS', (t) => `${t}/runtime/ @example-org/team-a\n`),
      'CODEOWNERS',
    ],
    [
      'CODEOWNERS: the header edited',
      (h) => h.edit('CODEOWNERS', (t) => t.replace('# Generated', '# Hand-written')),
      'CODEOWNERS',
    ],
    ['.sops.yaml deleted', (h) => h.delete('.sops.yaml'), '.sops.yaml'],
    [
      '.sops.yaml: a recipient replaced',
      (h) =>
        h.edit('.sops.yaml', (t) =>
          t.replace(/age: age1[0-9a-z]+/, 'age: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'),
        ),
      '.sops.yaml',
    ],
    [
      '.sops.yaml: a rule removed',
      (h) => h.edit('.sops.yaml', (t) => t.replace(/ {2}- path_regex[\s\S]*?(?= {2}- path_regex)/, '')),
      '.sops.yaml',
    ],
  ])('%s -> ManagedFileEdited', (_name, damage, path) => {
    const h = RepoHarness.example();
    const before = h.read(path === 'CODEOWNERS' ? 'CODEOWNERS' : '.sops.yaml');
    damage(h);
    expect(h.tree.read(path)).not.toBe(before);
    expect(h.errors()).toEqual([['ManagedFileEdited', path]]);
  });

  it("a CODEOWNERS that only lags behind a tenant's own requests is a warning (CodeownersBehind), not an error", () => {
    const h = RepoHarness.example();
    h.apply({ kind: 'OffboardApp', name: 'billing' }, { kind: 'platform' });
    h.apply(
      {
        kind: 'OnboardApp',
        name: 'cart',
        tenant: 'team-a',
        source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
        targets: [{ stage: 'staging' }],
        version: '0.1.0',
      },
      { kind: 'tenant', tenant: 'team-a' },
    );
    h.apply({ kind: 'OffboardApp', name: 'shop' }, { kind: 'tenant', tenant: 'team-a' });
    expect(h.errors()).toEqual([]);
    expect(h.validate().map((d) => [d.code, d.severity, d.path])).toEqual([
      ['CodeownersBehind', 'warning', 'CODEOWNERS'],
    ]);
    expect(h.validate()[0]!.message).toContain('apps cart, shop');
  });

  it('the example fleet as rendered has no finding', () => {
    expect(RepoHarness.example().validate()).toEqual([]);
    expect(RepoHarness.empty().validate()).toEqual([]);
  });
});
