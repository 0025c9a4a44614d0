import { MemoryFileTree } from '@platter/model';
import { ArtifactTree, artifactFiles, gitArtifactPaths, globToRegExp, GitArtifactTree } from './artifacts';

const repo = new MemoryFileTree({
  'apps/base/web/kustomization.yaml': 'a',
  'apps/base/web/release.yaml': 'b',
  'apps/production/kustomization.yaml': 'c',
  'apps/production/values.yaml': 'd',
  'infrastructure/controllers/kustomization.yaml': 'e',
  'infrastructure/configs/issuer.yaml': 'f',
  'config/prod/configmap.yaml': 'g',
});

describe('globToRegExp', () => {
  it.each<[string, string, boolean]>([
    ['apps/base/**', 'apps/base/web/release.yaml', true],
    ['apps/base/**', 'apps/basement/x.yaml', false],
    ['apps/*.yaml', 'apps/a.yaml', true],
    ['apps/*.yaml', 'apps/base/a.yaml', false],
    ['apps/**/values.yaml', 'apps/production/values.yaml', true],
    ['apps/**/values.yaml', 'apps/values.yaml', true],
    ['a?.yaml', 'ab.yaml', true],
    ['a.yaml', 'aXyaml', false],
  ])('%s matches %s: %s', (glob, path, expected) => expect(globToRegExp(glob).test(path)).toBe(expected));
});

describe('artifactFiles (ArtifactGenerator copy rules)', () => {
  it.each<[string, { from: string; to: string; exclude?: string[] }[], Record<string, string>]>([
    [
      'dir/** copies the contents under the destination',
      [{ from: '@repo/apps/base/**', to: '@artifact/base/' }],
      {
        'base/web/kustomization.yaml': 'apps/base/web/kustomization.yaml',
        'base/web/release.yaml': 'apps/base/web/release.yaml',
      },
    ],
    [
      'dir/** to the artifact root',
      [{ from: '@repo/infrastructure/**', to: '@artifact/' }],
      {
        'configs/issuer.yaml': 'infrastructure/configs/issuer.yaml',
        'controllers/kustomization.yaml': 'infrastructure/controllers/kustomization.yaml',
      },
    ],
    [
      '*.yaml copies matching files into the destination',
      [{ from: '@repo/apps/production/*.yaml', to: '@artifact/prod/' }],
      {
        'prod/kustomization.yaml': 'apps/production/kustomization.yaml',
        'prod/values.yaml': 'apps/production/values.yaml',
      },
    ],
    [
      'a file renamed',
      [{ from: '@cfg/config/prod/configmap.yaml', to: '@artifact/env.yaml' }],
      { 'env.yaml': 'config/prod/configmap.yaml' },
    ],
    [
      'a file into a directory',
      [{ from: '@cfg/config/prod/configmap.yaml', to: '@artifact/env/' }],
      { 'env/configmap.yaml': 'config/prod/configmap.yaml' },
    ],
    [
      'a directory without a glob keeps its name',
      [{ from: '@repo/apps/production', to: '@artifact/' }],
      {
        'production/kustomization.yaml': 'apps/production/kustomization.yaml',
        'production/values.yaml': 'apps/production/values.yaml',
      },
    ],
    [
      'exclude',
      [{ from: '@repo/apps/production/**', to: '@artifact/p/', exclude: ['@repo/apps/production/values.yaml'] }],
      { 'p/kustomization.yaml': 'apps/production/kustomization.yaml' },
    ],
  ])('%s', (_name, rules, expected) => {
    expect(Object.fromEntries(artifactFiles(repo, rules))).toEqual(expected);
  });

  it('is a tree: reads through to the repository, and maps paths back for findings', () => {
    const tree = new ArtifactTree(repo, artifactFiles(repo, [{ from: '@repo/apps/base/**', to: '@artifact/base/' }]));
    expect(tree.read('base/web/release.yaml')).toBe('b');
    expect(tree.read('apps/base/web/release.yaml')).toBeUndefined();
    expect(tree.dirs('base')).toEqual(['web']);
    expect(tree.repoPath('base/web/release.yaml')).toBe('apps/base/web/release.yaml');
    expect(tree.repoPath('base/web')).toBe('apps/base/web');
  });
});

describe('GitArtifactTree', () => {
  it('leaves out what source-controller leaves out of a GitRepository artifact', () => {
    const tree = new GitArtifactTree(
      new MemoryFileTree({
        '.github/workflows/ci.yaml': 'x',
        '.sops.yaml': 'y',
        'apps/a.yaml': 'z',
        '.gitlab-ci.yml': 'w',
      }),
    );
    expect(tree.list('')).toEqual(['apps/a.yaml']);
    expect(tree.read('.github/workflows/ci.yaml')).toBeUndefined();
    expect(tree.dirs('')).toEqual(['apps']);
  });
});

describe("gitArtifactPaths: Flux's default exclusions (fluxcd/pkg sourceignore), below .sourceignore", () => {
  it.each<[string, Record<string, string>, string, boolean]>([
    ['a manifest', {}, 'apps/a.yaml', true],
    ['the .sourceignore file itself', {}, '.sourceignore', true],
    ['CI workflows', {}, '.github/workflows/ci.yaml', false],
    ['a CI directory at any depth', {}, 'apps/.circleci/config.yaml', false],
    ['a CI file', {}, '.gitlab-ci.yml', false],
    ['an image', {}, 'docs/logo.png', false],
    ['an archive', {}, 'charts/web-1.0.0.tar.gz', false],
    ['SOPS settings at any depth', {}, 'clusters/lab/.sops.yaml', false],
    ['git metadata', {}, '.gitattributes', false],
    ['an image a .sourceignore includes again', { '.sourceignore': '!*.png\n' }, 'docs/logo.png', true],
    ['a manifest a .sourceignore leaves out', { '.sourceignore': '/apps/\n' }, 'apps/a.yaml', false],
  ])('%s: %s', (_name, files, path, held) => {
    const inArtifact = gitArtifactPaths(new MemoryFileTree({ ...files, [path]: 'x' }));
    expect(inArtifact(path)).toBe(held);
    expect(new GitArtifactTree(new MemoryFileTree({ ...files, [path]: 'x' })).read(path) !== undefined).toBe(held);
  });

  it('a directory: a path ending with /', () => {
    const inArtifact = gitArtifactPaths(new MemoryFileTree({ '.sourceignore': '/*\n!/clusters/\n' }));
    expect([inArtifact('clusters/'), inArtifact('apps/'), inArtifact('.github/')]).toEqual([true, false, false]);
  });
});

describe('GitArtifactTree: what .sourceignore leaves out of the GitRepository artifact', () => {
  // The official flux2-kustomize-helm-example: everything out, three directories back in.
  const example = '# Exclude all\n/*\n\n# Include manifest directories\n!/apps/\n!/clusters/\n!/infrastructure/\n';
  it.each<[string, Record<string, string>, string, boolean]>([
    ['no .sourceignore', {}, 'envs/lab/kustomization.yaml', true],
    ['a listed directory', { '.sourceignore': example }, 'apps/base/web/release.yaml', true],
    ['a directory not listed', { '.sourceignore': example }, 'envs/lab/kustomization.yaml', false],
    ['a file at the root', { '.sourceignore': example }, 'platter.yaml', false],
    ['re-included after adopt', { '.sourceignore': `${example}!/envs/\n` }, 'envs/lab/kustomization.yaml', true],
    ['a file pattern', { '.sourceignore': '*.md\n' }, 'apps/README.md', false],
    [
      'a nested file, relative to its directory',
      { 'apps/.sourceignore': '/base/\n' },
      'apps/base/web/release.yaml',
      false,
    ],
    ['a nested file does not reach elsewhere', { 'apps/.sourceignore': '/base/\n' }, 'x/base/a.yaml', true],
    ['a deeper file wins', { '.sourceignore': 'base/\n', 'apps/.sourceignore': '!/base/\n' }, 'apps/base/a.yaml', true],
  ])('%s: %s holds %s: %s', (_name, ignores, path, held) => {
    const tree = new GitArtifactTree(new MemoryFileTree({ ...ignores, [path]: 'x', 'x/base/a.yaml': 'y' }));
    expect(tree.read(path) !== undefined).toBe(held);
    expect(tree.list('').includes(path)).toBe(held);
  });

  it('a directory whose every file is left out is no directory of the artifact', () => {
    const tree = new GitArtifactTree(
      new MemoryFileTree({ '.sourceignore': example, 'apps/a.yaml': 'a', 'clusters/b.yaml': 'b', 'envs/c.yaml': 'c' }),
    );
    expect(tree.dirs('')).toEqual(['apps', 'clusters']);
  });
});
