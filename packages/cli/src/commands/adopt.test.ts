import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  changedFiles,
  cli,
  copyFluxFixture,
  DEMO_RECIPIENT,
  readFiles,
  removeTempDirs,
  tempDir,
} from '../internal/testCli';

// `platter adopt` on the fixtures of @platter/render in the shapes of the talk's
// flux-structure-example (profiles-layout) and of flux2-kustomize-helm-example
// (helm-layout), as a user runs it: dry run, write, twice, refusals, --commit.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('platter adopt', () => {
  it('--dry-run prints the mapping, the diff and the proof, and writes nothing', async () => {
    const dir = copyFluxFixture('profiles-layout', 'platter-adopt-');
    const before = readFiles(dir);
    const r = await cli(['adopt', dir, '--dry-run', '--age-recipient', `lab=${DEMO_RECIPIENT}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}env lab {2}<- clusters\/lab \(stage home\)$/m);
    expect(r.out).toMatch(/^ {2}runtime ingress-nginx 1\.2\.3 {2}<- platform\/ingress-nginx$/m);
    expect(r.out).toMatch(
      /^ {2}runtime monitoring-agent 1\.0\.0 {2}<- platform\/monitoring-agent \(stage home: Kustomization runtime-monitoring-agent\)$/m,
    );
    expect(r.out).toMatch(/✓ clusters\/lab -> envs\/lab: 20 objects, the same/);
    expect(r.out).toMatch(
      /plumbing: Kustomization flux-system\/flux-system: spec\.path "\.\/clusters\/lab" -> "\.\/envs\/lab"/,
    );
    // The renamed, pruning monitoring Kustomizations: the same objects, but a gap the proof names.
    expect(r.out).toMatch(
      /^ {6}! RenamePrunes: Kustomization flux-system\/monitoring-agent is renamed flux-system\/runtime-monitoring-agent and has spec\.prune: true: .*spec\.deletionPolicy: Orphan/m,
    );
    expect(r.out).toContain('+++ b/envs/lab/secrets/cluster-secrets.yaml.encrypted');
    expect(r.out).not.toContain('not-encrypted-at-all'); // the plaintext value is never shown
    expect(readFiles(dir)).toEqual(before);
  });

  it('writes the migration; adopting again plans nothing', async () => {
    const dir = copyFluxFixture('helm-layout', 'platter-adopt-');
    const before = readFiles(dir);
    const r = await cli(['adopt', '-C', dir, '--json']);
    expect(r.code).toBe(0);
    const json = r.json();
    expect(json.result).toBe('written');
    expect(json.report.environments).toEqual([
      { name: 'production', cluster: 'clusters/production', stage: 'production' },
      { name: 'staging', cluster: 'clusters/staging', stage: 'staging' },
    ]);
    const after = readFiles(dir);
    expect(changedFiles(before, after)).toEqual(
      json.changes.map((c: { path: string; op: string }) => `${c.op} ${c.path}`),
    );
    expect(after.get('platter.yaml')).toContain('lockdown: false');
    const again = await cli(['adopt', dir, '--json']);
    expect(again.json()).toMatchObject({ alreadyPlatter: true, changes: [], result: 'no-changes' });
    expect(readFiles(dir)).toEqual(after);
  });

  it.each([
    ['a plaintext Secret and no recipient for its env', [], 'MissingRecipients'],
    ['a recipient that is not ENV=age1…', ['--age-recipient', 'lab=not-a-key'], 'InvalidEncryption'],
  ])('refuses %s (exit 1, nothing written)', async (_name, args, code) => {
    const dir = copyFluxFixture('profiles-layout', 'platter-adopt-');
    const before = readFiles(dir);
    const r = await cli(['adopt', dir, '--json', ...args]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error.code).toBe(code);
    expect(readFiles(dir)).toEqual(before);
  });

  it('--tenant: an app CODEOWNERS gives to no team becomes an app of that tenant; the binding is named, not written', async () => {
    const dir = copyFluxFixture('helm-apps-layout', 'platter-adopt-');
    fs.writeFileSync(path.join(dir, 'CODEOWNERS'), '* @acme/platform\n');
    const r = await cli(['adopt', dir, '--tenant', 'shop']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}app podinfo \(tenant shop\) {2}<- apps\/base\/podinfo$/m);
    expect(r.out).toMatch(
      /^ {4}env staging {2}<- apps\/staging \(Kustomization flux-system\/apps: only its path changes\)$/m,
    );
    expect(r.out).toMatch(/^ {2}tenant shop {2}owner group:default\/shop \(from --tenant\): apps podinfo, web$/m);
    expect(r.out).toMatch(/not in this change: tenants\/shop\/ /);
    expect(r.out).toMatch(
      /plumbing: Kustomization flux-system\/apps: spec\.path "\.\/apps\/staging" -> "\.\/apps\/podinfo\/envs\/staging"/,
    );
    const after = readFiles(dir);
    expect(after.get('apps/podinfo/base/kustomization.yaml')).toContain('platter.dev/tenant: shop');
    expect(after.get('apps/podinfo/envs/staging/release.yaml')).toContain('version: "6.7.1"');
    expect(after.get('platter.yaml')).toMatch(/tenants:\n {4}- name: shop\n {6}owner: group:default\/shop/);
    expect([...after.keys()].filter((p) => p.startsWith('tenants/'))).toEqual([]);
  });

  it('--json: the tenant apps, their tenants (owner from CODEOWNERS) and the binding left to a later change', async () => {
    const dir = copyFluxFixture('helm-apps-layout', 'platter-adopt-');
    const r = await cli(['adopt', dir, '--json', '--dry-run', '--tenant', 'shop']);
    expect(r.code).toBe(0);
    const { report } = r.json();
    expect(report.apps.map((a: { name: string; tenant: string }) => `${a.name} ${a.tenant}`)).toEqual([
      'podinfo web-team',
      'web web-team',
    ]);
    expect(report.tenants).toEqual([
      expect.objectContaining({
        name: 'web-team',
        owner: 'group:default/web-team',
        from: 'CODEOWNERS @acme/web-team',
        apps: ['podinfo', 'web'],
      }),
    ]);
    expect(report.unmappedApps).toEqual([]);
  });

  it('without --tenant, an app CODEOWNERS gives to no team stays unmanaged, and says why', async () => {
    const dir = copyFluxFixture('helm-apps-layout', 'platter-adopt-');
    fs.writeFileSync(path.join(dir, 'CODEOWNERS'), '* @acme/platform\n');
    const r = await cli(['adopt', dir, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}unmanaged app: apps\/base\/podinfo: no owner: .*--tenant/m);
    expect(r.out).not.toMatch(/^ {2}app podinfo/m);
  });

  it('refuses a --tenant that is not a valid name (InvalidName, nothing written)', async () => {
    const dir = copyFluxFixture('helm-apps-layout', 'platter-adopt-');
    const before = readFiles(dir);
    const r = await cli(['adopt', dir, '--json', '--tenant', 'Web Team']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error).toMatchObject({ code: 'InvalidName', path: 'tenant' });
    expect(readFiles(dir)).toEqual(before);
  });

  it('refuses a directory with no Flux cluster (NoFluxClusters)', async () => {
    const dir = tempDir('platter-adopt-');
    fs.writeFileSync(path.join(dir, 'README.md'), 'no flux here\n');
    const r = await cli(['adopt', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NoFluxClusters/);
  });

  it('--commit commits exactly the planned paths, for platform review', async () => {
    const dir = copyFluxFixture('profiles-layout', 'platter-adopt-');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '--quiet', '--initial-branch=main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '--quiet', '-m', 'flux repository');
    const r = await cli(['adopt', dir, '--commit', '--age-recipient', `lab=${DEMO_RECIPIENT}`]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/file changes: committed [0-9a-f]{12}/);
    expect(git('status', '--porcelain')).toBe('');
    expect(git('log', '-1', '--format=%s')).toMatch(
      /^Adopt the Flux repository: 1 environment, 1 stage, 4 runtime services/,
    );
    expect(git('log', '-1', '--format=%B')).toMatch(/^Review: platform-review$/m);
    const secret = fs.readFileSync(path.join(dir, 'envs/lab/secrets/cluster-secrets.yaml.encrypted'), 'utf8');
    expect(secret).toMatch(/monitoring_token: ENC\[AES256_GCM,/);
    expect(secret).not.toContain('not-encrypted-at-all');
    expect(fs.existsSync(path.join(dir, 'clusters/lab/platform/cluster-secrets.yaml'))).toBe(false);
  });
});
