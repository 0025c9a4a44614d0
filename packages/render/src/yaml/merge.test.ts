import { byName, computed, exact, mergeObjectsFile, mergeSingleDocumentFile } from './merge';
import { toYaml } from './yaml';

describe('mergeSingleDocumentFile', () => {
  const previous = `# hand comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: env-config   # inline comment
  namespace: flux-system
  labels:
    team: mine
data:
  region: eu-west-1 # region comment
  zone: a
`;

  it('keeps the exact bytes when nothing changes', () => {
    const out = mergeSingleDocumentFile(previous, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'env-config', namespace: 'flux-system' },
      data: exact({ region: 'eu-west-1', zone: 'a' }),
    });
    expect(out).toBe(previous);
  });

  it('changes one managed value and keeps comments and unknown fields', () => {
    const out = mergeSingleDocumentFile(previous, {
      metadata: { name: 'env-config' },
      data: exact({ region: 'eu-central-1', zone: 'a' }),
    });
    expect(out).toContain('# hand comment');
    expect(out).toContain('# inline comment');
    expect(out).toContain('team: mine');
    expect(out).toContain('region: eu-central-1');
  });

  it('exact() removes keys we no longer want; undefined removes a managed key', () => {
    const out = mergeSingleDocumentFile(previous, {
      metadata: { labels: undefined },
      data: exact({ region: 'eu-west-1' }),
    });
    expect(out).not.toContain('zone');
    expect(out).not.toContain('team: mine');
    expect(out).toContain('# region comment');
  });

  it('exact() removes keys named like Object members too (`constructor`, `toString` are valid config keys)', () => {
    const withThem = 'data:\n  constructor: x\n  toString: y\n  zone: a\n';
    expect(mergeSingleDocumentFile(withThem, { data: exact({ zone: 'a' }) })).toBe('data:\n  zone: a\n');
  });

  it('keeps the comment on a scalar it changes, and quotes a string that would read as a number', () => {
    const out = mergeSingleDocumentFile('spec:\n  version: 3.12.1 # pinned by hand\n  enabled: x\n', {
      spec: { version: '1.10', enabled: 'yes' },
    });
    expect(out).toBe('spec:\n  version: "1.10" # pinned by hand\n  enabled: "yes"\n');
  });

  it('quotes strings YAML 1.1 would read as other types', () => {
    const out = toYaml({ a: 'yes', b: 'on', c: '1.10', d: '007', e: 'true', f: '*a', g: '&x', h: 'a: b', i: '#c' });
    expect(out).toMatchInlineSnapshot(`
"a: "yes"
b: "on"
c: "1.10"
d: "007"
e: "true"
f: "*a"
g: "&x"
h: "a: b"
i: "#c"
"
`);
  });

  it('byName merges list items by name and keeps their unknown fields', () => {
    const prev = toYaml({ stages: [{ name: 'staging', note: 'keep' }, { name: 'old' }] });
    const out = mergeSingleDocumentFile(prev, {
      stages: byName([{ name: 'staging', allowPrerelease: true }, { name: 'prod' }]),
    });
    expect(out).toBe('stages:\n  - name: staging\n    note: keep\n    allowPrerelease: true\n  - name: prod\n');
  });

  it('computed() sees the current value', () => {
    const prev = toYaml({ resources: ['mine.yaml', 'a.yaml'] });
    const out = mergeSingleDocumentFile(prev, { resources: computed((cur) => [...(cur as string[]), 'b.yaml']) });
    expect(out).toBe('resources:\n  - mine.yaml\n  - a.yaml\n  - b.yaml\n');
  });
});

describe('mergeObjectsFile', () => {
  it('matches documents by kind/namespace/name and drops only the ones it owns', () => {
    const prev = toYaml(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mine', namespace: 'a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } },
    );
    const out = mergeObjectsFile(
      prev,
      [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
      ],
      (v: any) => v.kind === 'Namespace',
    );
    expect(out).toContain('name: mine');
    expect(out).not.toContain('gone');
    expect(out).toContain('name: b');
  });
});

/**
 * Comments survive every edit (issue 14): the scalar case above, extended to
 * sequences and maps. Each case: the file, what a render wants, the exact file after.
 */
describe('comments survive edits of scalars, sequences and maps', () => {
  const lines = (...l: string[]) => `${l.join('\n')}\n`;
  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'scalar: a changed value keeps its trailing comment',
      lines('spec:', '  # how often', '  interval: 10m # tuned', '  timeout: 5m'),
      { spec: { interval: '1m' } },
      lines('spec:', '  # how often', '  interval: 1m # tuned', '  timeout: 5m'),
    ],
    [
      'sequence: an item appended after full-line and trailing comments',
      lines('resources:', '  # ours first', '  - a.yaml # the first', '  # the second', '  - b.yaml', '  # end'),
      { resources: ['a.yaml', 'b.yaml', 'c.yaml'] },
      lines(
        'resources:',
        '  # ours first',
        '  - a.yaml # the first',
        '  # the second',
        '  - b.yaml',
        '  - c.yaml',
        '  # end',
      ),
    ],
    [
      'sequence: an item removed; the comments of the others stay',
      lines('resources:', '  - a.yaml # the first', '  # the second', '  - b.yaml', '  - c.yaml # the third'),
      { resources: ['a.yaml', 'c.yaml'] },
      lines('resources:', '  - a.yaml # the first', '  - c.yaml # the third'),
    ],
    [
      'sequence: an item inserted in the middle',
      lines('resources:', '  - a.yaml # the first', '  # the third', '  - c.yaml'),
      { resources: ['a.yaml', 'b.yaml', 'c.yaml'] },
      lines('resources:', '  - a.yaml # the first', '  - b.yaml', '  # the third', '  - c.yaml'),
    ],
    [
      'sequence of maps: a field of one item changes',
      lines('charts:', '  # cert-manager first', '  - name: a # why', '    version: 1.0.0', '  - name: b'),
      { charts: [{ name: 'a', version: '1.1.0' }, { name: 'b' }] },
      lines('charts:', '  # cert-manager first', '  - name: a # why', '    version: 1.1.0', '  - name: b'),
    ],
    [
      'map: a key added and one removed, comments on the others stay',
      lines('data:', '  # the region', '  region: eu # EU only', '  zone: a # gone', '# after'),
      { data: exact({ region: 'eu', size: 'm' }) },
      lines('data:', '  # the region', '  region: eu # EU only', '  size: m', '# after'),
    ],
  ])('%s', (_name, previous, desired, expected) => {
    expect(mergeSingleDocumentFile(previous, desired)).toBe(expected);
  });
});

describe('the fast path (unchanged files are not parsed into Documents) agrees with the Document merge', () => {
  it.each<[string, string, Record<string, unknown>, string]>([
    ['unchanged: the exact bytes', 'a: 1 # c\nb: [x, y]\n', { a: 1, b: ['x', 'y'] }, 'a: 1 # c\nb: [x, y]\n'],
    ['a plain YAML 1.1 boolean is quoted as the string it should be', 'mode: on\n', { mode: 'on' }, 'mode: "on"\n'],
    ['a sexagesimal number is quoted', 'port: 1:20\n', { port: '1:20' }, 'port: "1:20"\n'],
    [
      'an extra key in an exact map is removed',
      'data:\n  a: x\n  b: y\n',
      { data: exact({ a: 'x' }) },
      'data:\n  a: x\n',
    ],
  ])('%s', (_name, previous, desired, expected) => {
    expect(mergeSingleDocumentFile(previous, desired)).toBe(expected);
    // Its values are read once per text (kept by text): the same text merged again, the same answer.
    expect(mergeSingleDocumentFile(`${previous}`, desired)).toBe(expected);
  });

  it('a text read once answers every merge of it the same (its kept values are never written)', () => {
    const prev = 'resources:\n  - a.yaml\n  - mine.yaml\n';
    const ours = (e: unknown) => e === 'a.yaml' || e === 'b.yaml';
    // A computed value gets the kept list: whatever it makes of it, the next merge reads the text as written.
    const adding = computed((current) =>
      [...(current as string[]), 'b.yaml'].filter((e) => ours(e) || e === 'mine.yaml'),
    );
    const dropping = computed((current) => (current as string[]).filter((e) => !ours(e)));
    const cases: [Record<string, unknown>, string][] = [
      [{ resources: ['a.yaml', 'mine.yaml'] }, prev],
      [{ resources: adding }, 'resources:\n  - a.yaml\n  - mine.yaml\n  - b.yaml\n'],
      [{ resources: dropping }, 'resources:\n  - mine.yaml\n'],
      [{ resources: ['a.yaml', 'mine.yaml'] }, prev],
    ];
    for (const [desired, expected] of [...cases, ...cases])
      expect(mergeSingleDocumentFile(prev, desired)).toBe(expected);
  });

  it('a document nobody owns stays; one we own and no longer want goes', () => {
    const prev = toYaml({ kind: 'A', metadata: { name: 'a' } }, { kind: 'B', metadata: { name: 'b' } });
    expect(mergeObjectsFile(prev, [{ kind: 'A', metadata: { name: 'a' } }], (v: any) => v.kind === 'C')).toBe(prev);
    expect(mergeObjectsFile(prev, [{ kind: 'A', metadata: { name: 'a' } }])).toBe('kind: A\nmetadata:\n  name: a\n');
  });
});
