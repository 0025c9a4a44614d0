import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkFluxRepository, planAdoption } from '@platter/render';
import { DiskFileTree, writeChanges } from '../fileTree';
import { buildCheckedKustomizations } from '../kustomize';
import type { Manifest } from '../kustomize/manifests';
import { sealAdoption } from './sealAdoption';

// platter adopt's proof with the real `kubectl kustomize` (slow: one build per Flux
// Kustomization, twice): for each fixture layout (the talk's flux-structure-example,
// flux2-kustomize-helm-example), every cluster's Flux Kustomizations are built before
// and after adoption, the way kustomize-controller builds them, and the objects are
// the same. Flux plumbing (a Kustomization's path, components, decryption; the paths an
// ArtifactGenerator copies from; Platter's env-config and stage-config ConfigMaps) is set aside; a Secret compares by keys,
// as its values are encrypted after. Before post-build substitution (Flux's, not
// kustomize's): the in-process proof covers substitution.
jest.setTimeout(240_000);

const RECIPIENT = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';
const FIXTURES = path.join(
  path.dirname(require.resolve('@platter/render/package.json')),
  'testing',
  'fixtures',
  'check',
);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platter-adopt-kubectl-'));
  dirs.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** Every object kubectl built in each cluster, as comparable text, plumbing set aside. */
async function applied(root: string, renamed: ReadonlyMap<string, string> = new Map()): Promise<Map<string, string[]>> {
  const report = checkFluxRepository(new DiskFileTree(root));
  const built = await buildCheckedKustomizations(root, report.clusters, { collect: true });
  expect(built.diagnostics).toEqual([]);
  const out = new Map<string, string[]>();
  for (const [cluster, byKs] of built.objects!) {
    const objects = [...byKs.values()]
      .flat()
      .filter((m) => !isPlatterConfig(m))
      .map((m) => comparable(m, renamed));
    out.set(cluster, objects.sort());
  }
  return out;
}

const isPlatterConfig = (m: Manifest) =>
  m.kind === 'ConfigMap' && m.namespace === 'flux-system' && (m.name === 'env-config' || m.name === 'stage-config');

/** A Manifest as comparable text; a Kustomization adopt renamed (runtime-<svc>) under its old name. */
function comparable(m: Manifest, renamed: ReadonlyMap<string, string>): string {
  const o = structuredClone(m.object);
  if (m.kind === 'Secret') {
    return JSON.stringify([m.kind, m.namespace, m.name, Object.keys({ ...o.data, ...o.stringData }).sort()]);
  }
  if (m.kind === 'ArtifactGenerator' && m.apiVersion.startsWith('source.extensions.fluxcd.io/')) {
    // Where it copies from follows the files adopt moved (plumbing); what it copies them to stays,
    // and what is built from its artifacts is compared like every other object.
    for (const a of o.spec?.artifacts ?? [])
      for (const c of a.copy ?? []) for (const f of ['from', 'exclude']) delete c[f];
  }
  if (m.kind === 'Kustomization' && m.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) {
    for (const field of ['path', 'components', 'decryption']) delete o.spec?.[field];
    o.metadata.name = renamed.get(o.metadata.name) ?? o.metadata.name;
    for (const d of o.spec?.dependsOn ?? []) d.name = renamed.get(d.name) ?? d.name;
  }
  return JSON.stringify(o);
}

describe('platter adopt: the proof through kubectl kustomize', () => {
  it.each([
    ['profiles-layout', { lab: [RECIPIENT] }, { 'clusters/lab': 'envs/lab' }],
    ['helm-layout', {}, { 'clusters/production': 'envs/production', 'clusters/staging': 'envs/staging' }],
    // both clusters on ExternalArtifacts: apps/ moves under unmanaged/, the copy rules follow it
    ['helm-example-layout', {}, { 'clusters/production': 'envs/production', 'clusters/staging': 'envs/staging' }],
    // podinfo adopted as a tenant app (apps/podinfo/{base,envs/<env>})
    ['helm-apps-layout', {}, { 'clusters/production': 'envs/production', 'clusters/staging': 'envs/staging' }],
  ])('%s: every cluster applies the same objects before and after', async (name, ageRecipients, renamed) => {
    const root = copyFixture(name);
    const before = await applied(root);
    const tree = new DiskFileTree(root);
    const sealed = await sealAdoption(tree, planAdoption(tree, { ageRecipients }));
    await writeChanges(root, sealed.changes);
    // Names only: every renamed Kustomization is in flux-system.
    const back = new Map(sealed.report.bound.map((b) => [`runtime-${b.service}`, b.was.slice(b.was.indexOf('/') + 1)]));
    const after = await applied(root, back);
    const clusters = [...before.keys()].sort();
    expect([...after.keys()].sort()).toEqual(clusters.map((c) => (renamed as Record<string, string>)[c] ?? c).sort());
    for (const cluster of clusters) {
      const objects = before.get(cluster)!;
      expect(objects.length).toBeGreaterThan(0);
      expect(after.get((renamed as Record<string, string>)[cluster] ?? cluster)).toEqual(objects);
    }
  });
});

describe('platter adopt: apps adopted as tenant apps, through kubectl kustomize', () => {
  it('helm-apps-layout: each Flux Kustomization builds the same objects as before (nothing changes inventory)', async () => {
    const root = copyFixture('helm-apps-layout');
    const perKustomization = async () => {
      const report = checkFluxRepository(new DiskFileTree(root));
      const built = await buildCheckedKustomizations(root, report.clusters, { collect: true });
      expect(built.diagnostics).toEqual([]);
      // cluster (its env name) -> Kustomization -> its objects, plumbing set aside
      return new Map(
        [...built.objects!].map(([cluster, byKs]) => [
          cluster.slice(cluster.lastIndexOf('/') + 1),
          new Map(
            [...byKs].map(([ref, ms]) => [
              ref,
              ms
                .filter((m) => !isPlatterConfig(m))
                .map((m) => comparable(m, new Map()))
                .sort(),
            ]),
          ),
        ]),
      );
    };
    const before = await perKustomization();
    const tree = new DiskFileTree(root);
    const sealed = await sealAdoption(tree, planAdoption(tree));
    expect(sealed.report.apps.map((a) => `${a.name} (${a.tenant})`)).toEqual(['podinfo (web-team)', 'web (web-team)']);
    await writeChanges(root, sealed.changes);
    const after = await perKustomization();
    expect(after).toEqual(before);
    expect(after.get('production')?.get('flux-system/apps')?.join('\n')).toContain('"kind":"HelmRelease"');
  });
});
