import { emptyRepository, exampleRepository } from '../example';
import { validateRepository } from '../validate/validateRepository';

const short = (d: { code: string; path?: string }) => `${d.code} ${d.path ?? ''}`;

describe('top-level directories of another layout', () => {
  it('the example fleet is Platter-shaped everywhere', () => {
    expect(validateRepository(exampleRepository()).diagnostics.filter((d) => d.code === 'NotPlatterShaped')).toEqual(
      [],
    );
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      'apps/{base,production} of flux2-kustomize-helm-example',
      {
        'apps/base/web/kustomization.yaml': 'resources: [release.yaml]\n',
        'apps/base/web/release.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n',
        'apps/production/kustomization.yaml': 'resources: [../base/web]\n',
      },
      ['NotPlatterShaped apps'],
    ],
    [
      'tenants/<t>.yaml files',
      { 'tenants/tenant1.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t}\n' },
      ['NotPlatterShaped tenants'],
    ],
    [
      'envs/<env> without a kustomization',
      { 'envs/lab/cluster.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' },
      ['NotPlatterShaped envs'],
    ],
    [
      'runtime/<svc> without versions',
      { 'runtime/nginx/helm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' },
      ['NotPlatterShaped runtime'],
    ],
  ])('%s: one finding, nothing read from inside it', (_name, files, expected) => {
    const tree = emptyRepository();
    for (const [path, content] of Object.entries(files)) tree.write(path, content);
    const found = validateRepository(tree).diagnostics;
    const dir = expected[0]!.split(' ')[1]!;
    expect(found.filter((d) => d.code === 'NotPlatterShaped').map(short)).toEqual(expected);
    expect(found.filter((d) => d.code !== 'NotPlatterShaped' && d.path?.startsWith(`${dir}/`))).toEqual([]);
  });

  it("a Platter apps/ with one broken app keeps that app's own finding", () => {
    const tree = exampleRepository();
    tree.write('apps/stray/production/kustomization.yaml', 'resources: []\n');
    expect(validateRepository(tree).diagnostics.map(short)).toEqual(['MissingFile apps/stray/base/kustomization.yaml']);
  });
});

describe('an empty or unparsable platter.yaml', () => {
  it.each([
    ['empty', ''],
    ['only a comment', '# settings go here\n'],
    ['not YAML', 'a: [\n'],
    ['a scalar', 'just text\n'],
  ])('%s: one InvalidSettings finding at platter.yaml', (_name, content) => {
    const tree = exampleRepository();
    tree.write('platter.yaml', content);
    const found = validateRepository(tree).diagnostics;
    expect(found.filter((d) => d.path === 'platter.yaml').map(short)).toEqual(['InvalidSettings platter.yaml']);
    expect(found.find((d) => d.path === 'platter.yaml')!.message).toContain('platter init --empty');
  });
});
