import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gitArtifactPaths } from '@platter/render';
import { DiskFileTree } from '../fileTree/DiskFileTree';
import { copyToScratch, readDirClosure, scanGeneratedResources, withMutation } from './artifactCopy';
import { removeRepo, writeRepo } from './testing/testRepo';

// Disk only, no kubectl: what Flux's generator scans, what a build reads, and in-place rewrites.
describe('scratch helpers', () => {
  let root: string;
  beforeAll(() => {
    root = writeRepo({
      'plain/b.yaml': 'x',
      'plain/a.yml': 'x',
      'plain/c.yaml.encrypted': 'x',
      'plain/readme.md': 'x',
      'plain/sub/z.yaml': 'x',
      'plain/withk/kustomization.yaml': 'resources: []\n',
      'plain/withk/ignored.yaml': 'x',
      'app/overlay/kustomization.yaml':
        'resources:\n  - ../base\n  - https://example.com/remote\ncomponents:\n  - ../../addons/waf\n',
      'app/base/kustomization.yaml': 'resources:\n  - release.yaml\n',
      'addons/waf/kustomization.yaml': 'kind: Component\n',
      'broken/kustomization.yaml': 'resources: [\n',
    });
  });
  afterAll(() => removeRepo(root));

  it('scans like Flux: *.yaml/*.yml in name order, recursively, kustomization dirs as one entry', () => {
    expect(scanGeneratedResources(join(root, 'plain'))).toEqual(['./a.yml', './b.yaml', './sub/z.yaml', './withk']);
  });

  it('knows which directories a build reads, or that it cannot tell', () => {
    expect([...readDirClosure(root, 'app/overlay', new Map())!].sort()).toEqual([
      'addons/waf',
      'app/base',
      'app/overlay',
    ]);
    expect(readDirClosure(root, 'broken', new Map())).toBeUndefined();
  });

  it('rewrites a kustomization for one build and restores it, or removes a generated one', async () => {
    const file = join(root, 'app/base/kustomization.yaml');
    const seen = await withMutation(
      root,
      join(root, 'app/base'),
      { file: 'kustomization.yaml', content: 'changed\n' },
      async () => readFileSync(file, 'utf8'),
    );
    expect(seen).toBe('changed\n');
    expect(readFileSync(file, 'utf8')).toBe('resources:\n  - release.yaml\n');
    await withMutation(root, join(root, 'plain'), { file: 'kustomization.yaml', content: 'x' }, async () => undefined);
    expect(existsSync(join(root, 'plain/kustomization.yaml'))).toBe(false);
  });
});

describe('copyToScratch: the GitRepository artifact, what kustomize-controller builds from', () => {
  // flux2-kustomize-helm-example's .sourceignore, a nested one, and Flux's default exclusions.
  const files = {
    '.sourceignore': '/*\n!/apps/\n!/clusters/\n',
    'apps/.sourceignore': '/drafts/\n',
    'apps/web/release.yaml': 'x',
    'apps/web/logo.png': 'x',
    'apps/web/.sops.yaml': 'x',
    'apps/drafts/next.yaml': 'x',
    'clusters/lab/apps.yaml': 'x',
    'clusters/lab/.github/workflows/ci.yaml': 'x',
    'docs/broken.yaml': 'resources: [\n',
    'README.md': 'x',
  };
  let root: string;
  beforeAll(() => {
    root = writeRepo(files);
  });
  afterAll(() => removeRepo(root));

  it('holds what the artifact holds, by the rule platter check reads a repository by', async () => {
    const scratch = await copyToScratch(root);
    try {
      const copied = new DiskFileTree(scratch.root).list('');
      expect(copied).toEqual(['apps/.sourceignore', 'apps/web/release.yaml', 'clusters/lab/apps.yaml']);
      const repo = new DiskFileTree(root);
      expect(copied).toEqual(repo.list('').filter(gitArtifactPaths(repo)));
    } finally {
      await scratch.dispose();
    }
  });
});
