import fs from 'node:fs';
import path from 'node:path';
import { cli, exampleFleet, removeTempDirs } from '../internal/testCli';

// platter menu matrix --kustomize: the real kubectl kustomize adds its verdict to each combination (issue 19 §1).
jest.setTimeout(120_000);
afterAll(removeTempDirs);

it('kubectl fails the combinations with a broken addon, and the matrix says so', async () => {
  const dir = await exampleFleet();
  const patch = path.join(dir, 'runtime/ingress-nginx/1.1.0/metrics/patch.yaml');
  fs.writeFileSync(patch, fs.readFileSync(patch, 'utf8').replace('name: ingress-nginx', 'name: nope'));
  const r = await cli(['menu', 'matrix', 'ingress-nginx', '-C', dir, '--kustomize', '--json']);
  const m = r.json();
  const failing = m.combinations.filter((c: { builds: boolean }) => !c.builds);
  expect(failing.length).toBeGreaterThan(0);
  for (const c of failing) {
    expect(c).toMatchObject({ version: '1.1.0' });
    expect(c.addons).toContain('metrics');
    expect(c.findings.map((d: { code: string }) => d.code)).toEqual(['MissingPatchTarget', 'KustomizeBuildFailed']);
  }
  // staging runs 1.1.0 with nodeport only: that combination still builds, so nothing in use fails.
  expect(r.code).toBe(0);
});
