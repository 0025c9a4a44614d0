import { compatibilityMatrixOf, exampleRepository } from '@platter/render';
import { kustomizeMatrix } from './kustomizeMatrix';
import { removeRepo, writeRepo } from './testing/testRepo';

/**
 * The compatibility matrix's builds with the real `kubectl kustomize` (DESIGN
 * §5): every distinct version × addon combination of the example repository's
 * ingress-nginx builds; a broken addon (its patch names an object _base lacks)
 * fails with kubectl's own message, and the static matrix agrees.
 */
jest.setTimeout(120_000);

const roots: string[] = [];
afterAll(() => roots.forEach(removeRepo));

function exampleOnDisk(edit?: (files: Record<string, string>) => void): {
  root: string;
  files: Record<string, string>;
} {
  const tree = exampleRepository();
  const files = Object.fromEntries(tree.list('').map((p) => [p, tree.read(p)!]));
  edit?.(files);
  const root = writeRepo(files);
  roots.push(root);
  return { root, files };
}

describe('kustomizeMatrix', () => {
  it('builds every combination of the example menu', async () => {
    const { root } = exampleOnDisk();
    const matrix = compatibilityMatrixOf(exampleRepository(), { service: 'ingress-nginx' });
    const builds = await kustomizeMatrix(root, matrix.combinations);
    expect(builds.length).toBeGreaterThan(4);
    expect(builds.filter((b) => b.error)).toEqual([]);
  });

  it('a broken addon fails in kubectl as in the static matrix', async () => {
    const patch = 'runtime/ingress-nginx/1.1.0/metrics/patch.yaml';
    const { root, files } = exampleOnDisk((f) => {
      f[patch] = f[patch]!.replace('name: ingress-nginx', 'name: nope');
    });
    const tree = exampleRepository();
    tree.write(patch, files[patch]!);
    const matrix = compatibilityMatrixOf(tree, { service: 'ingress-nginx' });
    const builds = await kustomizeMatrix(root, matrix.combinations);
    const failed = builds.filter((b) => b.error);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((b) => b.version === '1.1.0' && b.addons.includes('metrics'))).toBe(true);
    const staticFailures = new Set(
      matrix.combinations.filter((c) => !c.builds).map((c) => `${c.version} ${c.addons.join(',')}`),
    );
    expect(new Set(failed.map((b) => `${b.version} ${b.addons.join(',')}`))).toEqual(staticFailures);
  });
});
