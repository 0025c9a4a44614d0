import fs from 'node:fs';
import path from 'node:path';
import { changedFiles, cli, exampleFleet, readFiles, removeTempDirs, tempDir } from '../internal/testCli';

// `platter menu add --manifests <dir>` and `menu release` of plain-manifest components (issue 14),
// in-process against the example fleet: the directories a platform team has, what is read from
// them, and the bad input that is refused with nothing written.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

const policy = (types: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: netpol\nspec:\n  podSelector: {}\n  policyTypes: [${types}]\n`;

/** A directory with `files` (relative path -> content). */
function dirWith(files: Record<string, string>): string {
  const root = tempDir('platter-manifests-');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

describe('platter menu add --manifests', () => {
  it('puts the YAML files of a directory on the menu, addons from directories, other files left out', async () => {
    const fleet = await exampleFleet();
    const base = dirWith({
      'policy.yaml': policy('Ingress'),
      'README.md': '# not a manifest',
      'sub/extra.yml': policy('Ingress').replace('default-deny', 'extra'),
    });
    const egress = dirWith({ 'policy.yaml': policy('Ingress, Egress') });
    const before = readFiles(fleet);
    const r = await cli(['menu', 'add', 'netpol', fleet, '--manifests', base, '--addon', `egress=${egress}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(changedFiles(before, readFiles(fleet))).toEqual([
      'add runtime/netpol/1.0.0/_base/kustomization.yaml',
      'add runtime/netpol/1.0.0/_base/namespace.yaml',
      'add runtime/netpol/1.0.0/_base/policy.yaml',
      'add runtime/netpol/1.0.0/_base/sub/extra.yml',
      'add runtime/netpol/1.0.0/component.yaml',
      'add runtime/netpol/1.0.0/egress/kustomization.yaml',
      'add runtime/netpol/1.0.0/egress/policy.yaml',
    ]);

    const release = await cli(['menu', 'release', 'netpol', '1.1.0', fleet, '--from', '1.0.0', '--manifests', egress]);
    expect(release.code).toBe(0);
    expect(fs.readFileSync(path.join(fleet, 'runtime/netpol/1.1.0/_base/policy.yaml'), 'utf8')).toBe(
      policy('Ingress, Egress'),
    );

    const list = await cli(['menu', 'list', fleet, '--json']);
    const rows = list.json() as { service: string; versions: { source: string; chart?: string }[] }[];
    expect(rows.find((s) => s.service === 'netpol')!.versions.map((v) => v.source)).toEqual(['manifests', 'manifests']);
    expect(rows.find((s) => s.service === 'monitoring-agent')!.versions[0]).toMatchObject({ source: 'manifests' });
    expect(rows.find((s) => s.service === 'cert-manager')!.versions[0]).toMatchObject({
      source: 'helm',
      chart: 'cert-manager v1.16.2',
    });
  });

  it.each<[string, (dirs: { ok: string; secret: string; none: string; notK8s: string }) => string[], number, string]>([
    ['a directory without YAML', (d) => ['--manifests', d.none], 1, 'InvalidManifest'],
    ['YAML that is not Kubernetes', (d) => ['--manifests', d.notK8s], 1, 'InvalidManifest'],
    ['a Secret in plaintext', (d) => ['--manifests', d.secret], 1, 'PlaintextSecret'],
    [
      'a file where a directory is needed',
      (d) => ['--manifests', path.join(d.ok, 'policy.yaml')],
      2,
      'not a directory',
    ],
    ['no such directory', (d) => ['--manifests', path.join(d.ok, 'nope')], 2, 'no such directory'],
    [
      'a chart and manifests',
      (d) => ['--manifests', d.ok, '--chart', 'https://c.example.com/x', '--chart-version', '1.0.0'],
      2,
      'not both',
    ],
    ['neither a chart nor manifests', () => [], 2, '--manifests'],
  ])('refuses %s and writes nothing', async (_name, args, code, message) => {
    const fleet = await exampleFleet();
    const dirs = {
      ok: dirWith({ 'policy.yaml': policy('Ingress') }),
      secret: dirWith({
        's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: hunter2}\n',
      }),
      none: dirWith({ 'README.md': '# nothing here' }),
      notK8s: dirWith({ 'values.yaml': 'replicaCount: 2\n' }),
    };
    const before = readFiles(fleet);
    const r = await cli(['menu', 'add', 'netpol', fleet, ...args(dirs)]);
    expect(r.code).toBe(code);
    expect(r.err + r.out).toContain(message);
    expect(r.err + r.out).not.toContain('hunter2');
    expect(readFiles(fleet)).toEqual(before);
  });
});
