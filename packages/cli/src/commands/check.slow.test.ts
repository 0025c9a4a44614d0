import fs from 'node:fs';
import path from 'node:path';
import { cli, copyFluxFixture, exampleFleet, removeTempDirs } from '../internal/testCli';

// `platter check --kustomize`: the real `kubectl kustomize` builds every Flux Kustomization
// check followed, ArtifactGenerator copies included, the way kustomize-controller builds them.
jest.setTimeout(300_000);
afterAll(removeTempDirs);

describe('platter check --kustomize', () => {
  it('builds both clusters of the helm-example layout (artifacts materialized) without an error', async () => {
    const r = await cli(['check', copyFluxFixture('helm-layout', 'platter-check-'), '--kustomize', '--json']);
    const json = r.json();
    expect(json.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
    expect(json.kubectl.built).toBe(8);
    expect(json.kubectl.calls).toBeGreaterThanOrEqual(6); // identical builds (the two artifact copies of infrastructure) run once
  });

  it('reports what only kustomize rejects, at the Flux Kustomization that builds it', async () => {
    const dir = copyFluxFixture('helm-layout', 'platter-check-');
    // kustomize refuses unknown fields; the static check has no schema for them.
    fs.appendFileSync(path.join(dir, 'apps/staging/kustomization.yaml'), 'resourcez:\n  - typo.yaml\n');
    const r = await cli(['check', dir, '--kustomize']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^KustomizeBuildFailed clusters\/staging\/apps\.yaml: kubectl kustomize of Kustomization flux-system\/apps \(cluster clusters\/staging, ExternalArtifact apps path staging\) failed: /m,
    );
    const staticOnly = await cli(['check', dir]);
    expect(staticOnly.code).toBe(0);
  });

  it('builds the talk layout: the faults are the static ones, and the appended component builds', async () => {
    const r = await cli(['check', copyFluxFixture('profiles-layout', 'platter-check-'), '--kustomize', '--json']);
    const json = r.json();
    expect(json.findings.filter((f: { code: string }) => f.code === 'KustomizeBuildFailed')).toEqual([]);
    expect(json.kubectl.built).toBe(5);
  });

  it('passes on the example fleet `platter init` writes (a Platter repository is a Flux repository)', async () => {
    const r = await cli(['check', await exampleFleet(), '--kustomize', '--json']);
    expect(r.json().findings).toEqual([]);
    expect(r.code).toBe(0);
  });
});
