import {
  fluxBuildKey,
  generateKustomization,
  hasFluxOverlay,
  isLocalRelativePath,
  readFluxBuildSpec,
  renderFluxKustomization,
  type FluxBuildSpec,
} from './fluxGenerator';

// Behaviour of fluxcd/pkg kustomize/kustomize_generator.go (GenerateManifest, findOrGenerateKustomization).
const spec = (fields: Record<string, unknown>): FluxBuildSpec => {
  const read = readFluxBuildSpec({ path: './x', ...fields });
  if (!('spec' in read)) throw new Error(read.problem);
  return read.spec;
};

describe('readFluxBuildSpec', () => {
  it.each<[string, unknown, string]>([
    ['./runtime/demo/1.0.0/_base', undefined, 'runtime/demo/1.0.0/_base'],
    ['runtime/demo/', undefined, 'runtime/demo'],
    ['./', undefined, ''],
    ['/envs/dev', undefined, 'envs/dev'],
    ['./envs/dev/../prod', undefined, 'envs/prod'],
  ])('normalizes spec.path %s', (path, _x, expected) => {
    const read = readFluxBuildSpec({ path });
    expect('spec' in read && read.spec.path).toBe(expected);
  });

  it('rejects a path above the root and wrong shapes', () => {
    expect(readFluxBuildSpec({ path: '../other' })).toMatchObject({ pathEscape: true });
    expect(readFluxBuildSpec({ path: './x', components: 'a' })).toHaveProperty('problem');
    expect(readFluxBuildSpec({ path: './x', patches: [{ target: {} }] })).toHaveProperty('problem');
  });

  it('keeps only patch and the selector fields of a patch', () => {
    expect(
      spec({ patches: [{ patch: 'p', target: { kind: 'ConfigMap', name: 'c', bogus: 'x' }, path: 'f.yaml' }] }).patches,
    ).toEqual([{ patch: 'p', target: { kind: 'ConfigMap', name: 'c' } }]);
  });
});

describe('fluxBuildKey', () => {
  it('is the same for the same build, whatever the key order or unrelated fields', () => {
    const a = readFluxBuildSpec({ path: './x', components: ['../a'], interval: '1m', targetNamespace: 'n' });
    const b = readFluxBuildSpec({ targetNamespace: 'n', components: ['../a'], path: 'x/', prune: true });
    expect('spec' in a && 'spec' in b && fluxBuildKey(a.spec) === fluxBuildKey(b.spec)).toBe(true);
  });

  it('differs when component order differs (order carries meaning)', () => {
    expect(fluxBuildKey(spec({ components: ['../a', '../b'] }))).not.toBe(
      fluxBuildKey(spec({ components: ['../b', '../a'] })),
    );
  });

  it('says whether Flux changes the kustomization at all', () => {
    expect(hasFluxOverlay(spec({}))).toBe(false);
    expect(hasFluxOverlay(spec({ components: ['../a'] }))).toBe(true);
    expect(hasFluxOverlay(spec({ namePrefix: 'p-' }))).toBe(true);
  });
});

describe('renderFluxKustomization', () => {
  const existing = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - release.yaml
components:
  - ../monitoring
images:
  - name: app
    newTag: "1.0"
    digest: sha256:old
`;

  it('appends spec.components after the directory own components', () => {
    expect(renderFluxKustomization({ existing }, spec({ components: ['../waf', '../hpa'] }))).toContain(
      'components:\n  - ../monitoring\n  - ../waf\n  - ../hpa\n',
    );
  });

  it('applies targetNamespace, namePrefix and nameSuffix and appends patches', () => {
    const out = renderFluxKustomization(
      { existing },
      spec({
        targetNamespace: 'team-a',
        namePrefix: 'p-',
        nameSuffix: '-s',
        patches: [{ patch: 'x', target: { kind: 'Deployment' } }],
      }),
    );
    expect(out).toContain('namespace: team-a\n');
    expect(out).toContain('namePrefix: p-\n');
    expect(out).toContain('nameSuffix: -s\n');
    expect(out).toContain('patches:\n  - patch: x\n    target:\n      kind: Deployment\n');
  });

  it('merges images by name: newName kept, tag and digest replaced together', () => {
    const out = renderFluxKustomization(
      { existing },
      spec({
        images: [
          { name: 'app', newTag: '2.0' },
          { name: 'other', newName: 'o' },
        ],
      }),
    );
    expect(out).toContain('  - name: app\n    newTag: "2.0"\n');
    expect(out).not.toContain('sha256:old');
    expect(out).toContain('  - name: other\n    newName: o\n');
  });

  it('marks a kustomization without resources with buildMetadata (Flux dodges "empty kustomization")', () => {
    expect(renderFluxKustomization({ existing: 'components:\n  - ../a\n' }, spec({}))).toContain(
      'buildMetadata:\n  - originAnnotations\n',
    );
    expect(renderFluxKustomization({ existing }, spec({}))).not.toContain('buildMetadata');
  });

  it('generates a kustomization listing the scanned files, or a placeholder namespace', () => {
    expect(renderFluxKustomization({ generated: ['./a.yaml', './sub'] }, spec({ components: ['../c'] }))).toBe(
      `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ./a.yaml
  - ./sub
components:
  - ../c
`,
    );
    expect(generateKustomization([])).toContain('namespace: _placeholder\n');
  });

  it('refuses remote or absolute component paths, and drops missing ones when asked', () => {
    expect(() => renderFluxKustomization({ existing }, spec({ components: ['https://github.com/x/y'] }))).toThrow(
      /local and relative/,
    );
    expect(() => renderFluxKustomization({ existing }, spec({ components: ['/abs'] }))).toThrow(/local and relative/);
    const out = renderFluxKustomization(
      { existing, componentExists: (c) => c === '../here' },
      spec({ components: ['../gone', '../here'], ignoreMissingComponents: true }),
    );
    expect(out).toContain('  - ../here\n');
    expect(out).not.toContain('../gone');
  });

  it.each([
    ['../addon', true],
    ['./x', true],
    ['git::https://x', false],
    ['github.com/x/y', false],
    ['file:///abs', false],
  ])('isLocalRelativePath(%s) = %s', (path, expected) => expect(isLocalRelativePath(path)).toBe(expected));
});
