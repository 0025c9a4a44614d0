import { fluxFixtureTree } from '../testing/fluxFixtures';
import { isPlatterError, MemoryFileTree } from '@platter/model';
import { checkFluxRepository } from '../check';
import { proveAdoption } from './proveAdoption';

// The proof on its own: the helm-layout fixture against itself with one change each.
// What Flux applies must not change; plumbing (where a Flux Kustomization reads its
// files) may, and is listed.

const fixture = fluxFixtureTree;

const same = (c: string) => c;
type Edit = (t: MemoryFileTree) => void;
const replaceIn =
  (path: string, from: string, to: string): Edit =>
  (t) =>
    t.write(path, t.read(path)!.replace(from, to));

describe('proveAdoption', () => {
  const tree = fixture('helm-layout');
  const before = checkFluxRepository(tree, { objects: true });

  it('the same repository: the same objects, no plumbing', () => {
    const proof = proveAdoption(before, tree, same);
    expect(proof.map((p) => [p.cluster, p.objects, p.plumbing])).toEqual([
      ['clusters/production', 20, []],
      ['clusters/staging', 15, []],
    ]);
  });

  it('a Flux Kustomization reading the same files elsewhere is plumbing, listed', () => {
    const after = tree.clone();
    for (const p of tree.list('infrastructure/configs'))
      after.write(p.replace('infrastructure/', 'infra/'), tree.read(p)!);
    replaceIn(
      'clusters/production/infrastructure.yaml',
      'path: ./infrastructure/configs',
      'path: ./infra/configs',
    )(after);
    expect(proveAdoption(before, after, same)[0]!.plumbing).toEqual([
      'Kustomization flux-system/infra-configs: spec.path "./infrastructure/configs" -> "./infra/configs"',
    ]);
  });

  it.each<[string, Edit, string, string]>([
    [
      'a HelmRelease value',
      replaceIn('apps/production/web-values.yaml', 'replicas: 2', 'replicas: 3'),
      'HelmRelease web/web changes (.spec.values.replicas: 2 -> 3)',
      'apps/base/web/release.yaml',
    ],
    [
      "a Secret's keys",
      replaceIn('clusters/production/vars/cluster-secrets.yaml', '  web_token:', '  other: x\n  web_token:'),
      'Secret flux-system/cluster-secrets changes its keys',
      'clusters/production/vars/cluster-secrets.yaml',
    ],
    [
      'a plain manifest left out',
      replaceIn('infrastructure/configs/kustomization.yaml', '  - gateway.yaml\n', ''),
      'Gateway gateway-system/edge would no longer be applied',
      'infrastructure/configs/gateway.yaml',
    ],
    [
      "a Flux Kustomization's other fields",
      replaceIn('clusters/production/infrastructure.yaml', 'interval: 1h', 'interval: 2h'),
      'Kustomization flux-system/infra-controllers changes (spec other than path, components, decryption)',
      'clusters/production/infrastructure.yaml',
    ],
  ])('refuses a change to %s, naming the object and the cluster', (_name, edit, message, path) => {
    const after = tree.clone();
    edit(after);
    let error: unknown;
    try {
      proveAdoption(before, after, same);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'AdoptionChangesObjects')).toBe(true);
    expect((error as Error).message).toContain(`cluster clusters/production: ${message}`);
    expect((error as { path?: string }).path).toBe(path);
  });
});
