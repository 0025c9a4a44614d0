import { RepoHarness } from '../testing';

const RUNTIME = 'stages/prod/runtime/ingress-nginx.yaml';

/**
 * A managed field edited by hand is a ManagedFieldEdited warning (issue 14):
 * file and field in the path, the value Platter would write and the value found
 * in the message. Warnings: validate still passes.
 */
describe('validate reports managed fields edited by hand (ManagedFieldEdited)', () => {
  it.each<[string, (h: RepoHarness) => void, string, string[]]>([
    [
      'a tuned interval',
      (h) => h.edit(RUNTIME, (t) => t.replace('interval: 10m', 'interval: 5m')),
      `${RUNTIME}#spec.interval`,
      ['"10m"', '"5m"'],
    ],
    [
      'a managed field removed',
      (h) => h.edit(RUNTIME, (t) => t.replace('  wait: true\n', '')),
      `${RUNTIME}#spec.wait`,
      ['would write true', 'missing'],
    ],
    [
      'an entry removed from a managed list',
      (h) => h.edit(RUNTIME, (t) => t.replace('      - kind: ConfigMap\n        name: env-config\n', '')),
      `${RUNTIME}#spec.postBuild.substituteFrom[1]`,
      ['would write {"kind":"ConfigMap","name":"env-config"}', 'the field is missing'],
    ],
    [
      'a field of one object in a file of several',
      (h) => h.edit('tenants/team-a/base/rbac.yaml', (t) => t.replace('  name: admin', '  name: edit')),
      'tenants/team-a/base/rbac.yaml#RoleBinding/team-a/team-a-admin:roleRef.name',
      ['would write "admin"', 'found "edit"'],
    ],
  ])('%s', (_name, edit, path, shown) => {
    const h = RepoHarness.example();
    edit(h);
    const found = h.validate().filter((d) => d.code === 'ManagedFieldEdited');
    expect(found.map((d) => [d.severity, d.path])).toEqual([['warning', path]]);
    for (const s of shown) expect(found[0]!.message).toContain(s);
  });

  it('is a warning: a tuned interval alone does not fail validate', () => {
    const h = RepoHarness.example().edit(RUNTIME, (t) => t.replace('interval: 10m', 'interval: 5m'));
    expect(h.errors()).toEqual([]);
    expect(h.validate().map((d) => d.code)).toEqual(['ManagedFieldEdited']);
  });

  it('comments, unknown fields and hand-added list entries are not managed fields', () => {
    const h = RepoHarness.example()
      .edit(RUNTIME, (t) => `# tuned by hand\n${t.replace('  wait: true\n', '  wait: true # yes\n  suspend: false\n')}`)
      .edit('stages/prod/kustomization.yaml', (t) => `${t}  - extra.yaml # mine\n`)
      .write('stages/prod/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    expect(h.validate()).toEqual([]);
  });
});
