import { exact, mergeSingleDocumentFile } from './merge';
import { parseYamlValues, toYaml } from './yaml';

describe('toYaml', () => {
  // Strings come back as the same strings from js-yaml (Platter's reader); where YAML 1.1 or the 1.2 core
  // schema (kyaml, go-yaml v3) would read another type, they are quoted.
  it.each([
    ['a YAML 1.1 boolean', 'yes', 'k: "yes"\n'],
    ['a YAML 1.2 octal', '0o17', 'k: "0o17"\n'],
    ['a 1.2 core integer with a leading zero', '08', 'k: "08"\n'],
    ['a 1.2 core float without a dot', '1e3', 'k: "1e3"\n'],
    ['a 1.2 core signed integer', '+12', 'k: "+12"\n'],
    ['a merge key as a value', '<<', 'k: "<<"\n'],
    ['a plain word', 'nginx', 'k: nginx\n'],
    ['a version', '1.10', 'k: "1.10"\n'],
  ])('%s: %s', (_name, value, yaml) => {
    expect(toYaml({ k: value })).toBe(yaml);
    expect(parseYamlValues(toYaml({ k: value }))).toEqual([{ k: value }]);
  });

  it('writes a "<<" key quoted: it stays a key, not a merge of its value into the parent', () => {
    const values = { a: { '<<': { x: 1 }, b: 2 }, c: { '<<': 5 } };
    const text = toYaml(values);
    expect(text).toBe('a:\n  "<<":\n    x: 1\n  b: 2\nc:\n  "<<": 5\n');
    expect(parseYamlValues(text)).toEqual([values]);
  });

  it('keeps a merge key a file already has when it edits the file', () => {
    const previous = 'defaults: &d\n  replicas: 1\nspec:\n  <<: *d\n  image: a\n';
    const out = mergeSingleDocumentFile(previous, { spec: { image: 'b' }, data: exact({ '<<': 'x' }) });
    expect(out).toBe('defaults: &d\n  replicas: 1\nspec:\n  <<: *d\n  image: b\ndata:\n  "<<": x\n');
    expect(parseYamlValues(out)).toEqual([
      { defaults: { replicas: 1 }, spec: { replicas: 1, image: 'b' }, data: { '<<': 'x' } },
    ]);
  });
});
