import fc from 'fast-check';
import { isVerbatim, plainDocumentWriter } from './plainText';
import { newDocument, stringifyDocuments, toCommentedYaml, toYaml } from './yaml';

/** What the yaml package writes for a new document: the text the fast path must equal, byte for byte. */
const library = (value: unknown) => stringifyDocuments([newDocument(value)]);
const writer = () => plainDocumentWriter(library);

/** Strings the YAML 1.1 writer treats specially: types, indicators, document markers, lines, quotes, controls. */
const TRICKY = [
  '',
  ' ',
  'yes',
  'No',
  'on',
  'y',
  'n',
  '~',
  'null',
  'true',
  '1.10',
  '0o17',
  '017',
  '1_000',
  '1:20',
  '2026-01-01',
  '.inf',
  '.12345',
  '.5e+10',
  '.NaN',
  '...abc',
  '.../x',
  '123456',
  '0x1F2E3D',
  '2026-12-07T01:02:03Z',
  '-.5',
  '1e3',
  '<<',
  '-',
  '- x',
  '? x',
  'a: b',
  'a #b',
  '#x',
  'x:',
  '*a',
  '&a',
  '!x',
  '|',
  '>',
  "'q'",
  '"q"',
  "it's",
  '%x',
  '---',
  '--- x',
  '...',
  'a\nb',
  'a\nb\n',
  'a\n\nb\n\n',
  ' lead\nx',
  'trail \nx',
  'x\n ',
  '\nx',
  '- op: add\n  path: /spec/x\n  value: 1\n',
  'a\n---\nb',
  'tab\there',
  'ctl\u0001',
  'é ü ✓',
  '${env}',
  'https://charts.example.org/x',
  'k'.repeat(1100),
];

const scalar = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 8 }),
  fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 0, 1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const key = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }), fc.stringMatching(/^[a-z][a-z.-]{0,8}$/));
const { value } = fc.letrec<{ value: unknown; collection: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('collection')),
  collection: fc.oneof(fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 5 })),
}));

describe('plainDocumentWriter: the yaml package`s bytes without its nodes (issue 17)', () => {
  it('writes what the yaml package writes, for any value (or leaves it to it)', () => {
    const write = writer();
    let fast = 0;
    fc.assert(
      fc.property(value, (v) => {
        const text = write(v);
        if (text !== undefined) fast += 1;
        expect(text ?? library(v)).toBe(library(v));
        expect(toYaml(v)).toBe(library(v));
      }),
      { numRuns: 3000, seed: 17 },
    );
    // The fast path is taken, not only the fallback.
    expect(fast).toBeGreaterThan(1000);
  });

  it('writes names and paths as they are, as the yaml package does', () => {
    // Names and paths, and strings of the same characters that are not verbatim (numbers, `.5e+10`, `...`).
    const verbatim = fc.oneof(
      fc.stringMatching(/^(?:[A-Za-z]|\.\/)[\w./-]{0,40}$/),
      fc.stringMatching(/^[\w./+-]{0,12}$/),
    );
    const write = writer();
    fc.assert(
      fc.property(verbatim, verbatim, (k, v) => {
        expect(toYaml({ [k]: v, list: [v] })).toBe(library({ [k]: v, list: [v] }));
        expect(write({ [k]: { [v]: k } })).toBe(library({ [k]: { [v]: k } }));
      }),
      { numRuns: 5000, seed: 17 },
    );
  });

  it.each(['False', 'NULL', 'prod-eu-west-0001', './envs/prod-eu', 'a_b/c.d-e', 'Yes', 'OFF', './...', './-x'])(
    '%s: written verbatim only where the yaml package writes it so',
    (s) => {
      const text = library({ [s]: s });
      expect(isVerbatim(s) ? `${s}: ${s}\n` : text).toBe(text);
    },
  );

  it.each([
    ['a Kubernetes object', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '1.10' } }],
    ['a JSON6902 patch', [{ op: 'add', path: '/spec/components/-', value: '../metrics' }]],
    ['a block literal in a list in a map', { patches: [{ target: { kind: 'K' }, patch: '- op: test\n  path: /a\n' }] }],
    ['empty collections', { a: {}, b: [], c: [[], {}], d: { e: undefined } }],
    ['nested lists', [[1, [2, 3]], { a: [{ b: [] }] }]],
  ])('writes %s without the yaml package', (_name, v) => {
    const write = writer();
    expect(write(v)).toBe(library(v));
  });

  it('writes an object several documents share as the yaml package does, at every depth', () => {
    const data = { env: 'prod-eu', region: 'eu-west-1', yes: 'on', list: [{ a: '1.10' }] };
    const docs = [
      { kind: 'ConfigMap', metadata: { namespace: 'a' }, data },
      { kind: 'ConfigMap', metadata: { namespace: 'b' }, data },
      { nested: { deeper: data }, again: data },
      [data, [data]],
      data,
    ];
    expect(toYaml(...docs)).toBe(stringifyDocuments(docs.map((d) => newDocument(d))));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (shared) => {
        const many = shared.flatMap((v) => [{ a: v }, [v], { b: { c: v } }]);
        expect(toYaml(...many)).toBe(stringifyDocuments(many.map((d) => newDocument(d))));
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it.each([
    [' one line', { creation_rules: [{ path_regex: '^envs/a/secrets/[^/]+\\.yaml\\.encrypted$', age: 'age1x' }] }],
    [' two\n lines', { a: 1 }],
    ['no space\n\n after a blank line', { a: [] }],
    [' before an empty map', {}],
    [' before a list', ['a', { b: 'yes' }]],
    [' before a scalar (the slow path)', 'x'],
  ])('writes a comment before a document as the yaml package does (%j)', (comment, v) => {
    const doc = newDocument(v);
    doc.commentBefore = comment;
    expect(toCommentedYaml(comment, v)).toBe(stringifyDocuments([doc]));
  });

  it.each([
    ['a scalar document', 'x'],
    ['undefined in a list', [1, undefined]],
    ['a Date', { at: new Date(0) }],
    ['a Map', { m: new Map([['a', 1]]) }],
    ['a class instance', { x: new (class X {})() }],
    ['a key too long to write plain', { ['k'.repeat(1100)]: 1 }],
  ])('leaves %s to the yaml package', (_name, v) => {
    expect(writer()(v)).toBeUndefined();
    expect(toYaml(v)).toBe(library(v));
  });
});
