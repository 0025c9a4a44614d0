import fc from 'fast-check';
import { aliasBomb } from '../fuzz/hostile';
import { RepoHarness } from '../testing';
import { MAX_ALIAS_NODES, parseDocuments, parseYamlValues, YamlSyntaxError } from './yaml';

/**
 * Issue 22 item 7, "YAML alias bombs": aliases are capped everywhere Platter
 * parses YAML (parseYamlValues: the fast read path and request files;
 * parseDocuments: files a render edits), with a typed error.
 */

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('YAML alias bombs (issue 22 item 7)', () => {
  it('a billion laughs is refused by both parsers, quickly, with YamlAliasLimit', () => {
    const started = Date.now();
    for (const parse of [parseYamlValues, parseDocuments]) {
      const e = thrownBy(() => parse(aliasBomb(9, 10)));
      expect(e).toBeInstanceOf(YamlSyntaxError);
      expect((e as YamlSyntaxError).code).toBe('YamlAliasLimit');
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a cyclic alias is refused', () => {
    expect((thrownBy(() => parseYamlValues('a: &a [*a]\n')) as YamlSyntaxError | undefined)?.code).toBe(
      'YamlAliasLimit',
    );
  });

  it('an anchor reused a few times is read as written', () => {
    const text = 'defaults: &d {cpu: 100m, memory: 64Mi}\na: *d\nb: *d\nc: {<<: *d, cpu: 1}\n';
    expect(parseYamlValues(text)).toEqual([
      {
        defaults: { cpu: '100m', memory: '64Mi' },
        a: { cpu: '100m', memory: '64Mi' },
        b: { cpu: '100m', memory: '64Mi' },
        c: { cpu: 1, memory: '64Mi' },
      },
    ]);
    expect(parseDocuments(text)).toHaveLength(1);
  });

  it('property: refused exactly when aliases expand past the cap, whatever the shape', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (levels, fanout) => {
        let expanded = 0;
        for (let i = 0, n = 1; i <= levels; i++, n *= fanout) expanded += n;
        const refused =
          (thrownBy(() => parseYamlValues(aliasBomb(levels, fanout))) as YamlSyntaxError | undefined)?.code ===
          'YamlAliasLimit';
        // Far past the cap: refused; far below it: read.
        if (expanded > 100 * MAX_ALIAS_NODES) expect(refused).toBe(true);
        if (expanded < MAX_ALIAS_NODES / 10) expect(refused).toBe(false);
      }),
      { seed: 22, numRuns: 80 },
    );
  });

  it('a bomb in a tenant-owned file is a YamlAliasLimit finding naming the file, not a crash', () => {
    const h = RepoHarness.example()
      .write('apps/shop/base/extra.yaml', aliasBomb(9, 10))
      .editYaml('apps/shop/base/kustomization.yaml', (k) => (k.resources = [...(k.resources ?? []), 'extra.yaml']));
    expect(h.errors()).toContainEqual(['YamlAliasLimit', 'apps/shop/base/extra.yaml']);
  });

  it('a bomb in a values file only a generator reads (kustomize would expand it) is found too', () => {
    const h = RepoHarness.example()
      .write('apps/shop/base/values.yaml', aliasBomb(9, 10))
      .editYaml(
        'apps/shop/base/kustomization.yaml',
        (k) => (k.configMapGenerator = [{ name: 'shop-values', files: ['values.yaml'] }]),
      );
    expect(h.errors()).toContainEqual(['YamlAliasLimit', 'apps/shop/base/values.yaml']);
  });
});
