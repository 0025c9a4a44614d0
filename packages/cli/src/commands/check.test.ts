import fs from 'node:fs';
import path from 'node:path';
import { cli, copyFluxFixture, readFiles, removeTempDirs, tempDir } from '../internal/testCli';

// `platter check` on the fixtures of @platter/render (layouts of flux2-kustomize-helm-example
// and of the talk's flux-structure-example), as a user runs it: text, --json, exit codes, -C.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('platter check', () => {
  it('exits 0 on the helm-example layout: infos only, and writes nothing', async () => {
    const dir = copyFluxFixture('helm-layout', 'platter-check-');
    const before = readFiles(dir);
    const r = await cli(['check', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^info MissingFile clusters\/staging\/flux-system\/gotk-sync\.yaml: /m);
    expect(r.out).toMatch(/✓ ok: 0 errors, 0 warnings, 2 info \(2 clusters, 8 Flux Kustomizations checked/);
    expect(readFiles(dir)).toEqual(before);
  });

  it('exits 1 on the talk layout, one CODE path: message line per finding; --json carries clusters and findings', async () => {
    const dir = copyFluxFixture('profiles-layout', 'platter-check-');
    const r = await cli(['check', '-C', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^MissingPath clusters\/group\/_base\/flux-system\/gotk-sync\.yaml: .*"\.\/clusters\/renamed-group\/_base"/m,
    );
    expect(r.out).toMatch(/^PlaintextSecret clusters\/lab\/platform\/cluster-secrets\.yaml: /m);
    expect(r.out).toMatch(/^warning DeprecatedApi .*flux migrate/m);
    expect(r.out).not.toContain('not-encrypted-at-all'); // a Secret's value is never printed
    const json = (await cli(['check', dir, '--json'])).json();
    expect(json.ok).toBe(false);
    expect(json.clusters.map((c: { name: string }) => c.name)).toEqual([
      'clusters/group/_base/flux-system',
      'clusters/lab',
    ]);
    expect(
      json.findings
        .filter((f: { severity: string }) => f.severity === 'error')
        .map((f: { code: string }) => f.code)
        .sort(),
    ).toEqual(['MissingPath', 'PlaintextSecret', 'UnresolvedVariable']);
  });

  it('fixing the faults makes it pass', async () => {
    const dir = copyFluxFixture('profiles-layout', 'platter-check-');
    fs.rmSync(path.join(dir, 'clusters/group'), { recursive: true });
    fs.rmSync(path.join(dir, 'clusters/lab/platform/cluster-secrets.yaml'));
    fs.writeFileSync(
      path.join(dir, 'clusters/lab/platform/kustomization.yaml'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\ncomponents:\n  - ../../_profiles/home\nresources:\n  - cluster-secrets.yaml\n',
    );
    fs.writeFileSync(
      path.join(dir, 'clusters/lab/platform/cluster-secrets.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cluster-secrets\nstringData:\n  monitoring_user: ENC[AES256_GCM,data:x,type:str]\n  monitoring_token: ENC[AES256_GCM,data:y,type:str]\nsops:\n  version: 3.9.0\n',
    );
    const r = await cli(['check', dir]);
    expect(r.out).toMatch(/✓ ok: 0 errors, \d+ warnings/);
    expect(r.code).toBe(0);
  });

  it('a directory with no Flux cluster: NoFluxClusters, exit 1', async () => {
    const dir = tempDir('platter-check-');
    fs.writeFileSync(path.join(dir, 'README.md'), '# nothing here\n');
    const r = await cli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^NoFluxClusters \.: /m);
  });
});
