import { isPlatterError } from '@platter/model';
import { kustomizeBuild } from './kustomizeBuild';
import { removeRepo, writeRepo } from './testing/testRepo';

// Real kubectl kustomize.
describe('kustomizeBuild', () => {
  let root: string;
  beforeAll(() => {
    root = writeRepo({
      'ok/kustomization.yaml': 'resources:\n  - cm.yaml\n',
      'ok/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: "1"\n',
      'broken/kustomization.yaml': 'resources:\n  - missing.yaml\n',
    });
  });
  afterAll(() => removeRepo(root));

  it('returns the YAML kustomize prints', async () => {
    await expect(kustomizeBuild(`${root}/ok`)).resolves.toContain('kind: ConfigMap');
  });

  it('throws KustomizeBuildFailed with the repository path and kustomize reason', async () => {
    const error = await kustomizeBuild(`${root}/broken`, { repoRoot: root }).catch((e: unknown) => e);
    expect(isPlatterError(error, 'KustomizeBuildFailed')).toBe(true);
    expect(error).toMatchObject({ path: 'broken' });
    expect((error as Error).message).toMatch(/^kubectl kustomize broken failed: .*missing\.yaml/);
    expect((error as Error).message).not.toContain(root);
  });

  it('throws a plain Error when kubectl cannot run (the machine, not the repository)', async () => {
    const error = await kustomizeBuild(`${root}/ok`, { kubectl: 'kubectl-that-does-not-exist' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isPlatterError(error)).toBe(false);
  });
});
