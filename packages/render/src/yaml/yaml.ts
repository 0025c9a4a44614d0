import jsyaml from 'js-yaml';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type ToStringOptions,
  YAMLMap,
  YAMLSeq,
  type Node,
} from 'yaml';
import { plainDocumentWriter } from './plainText';

/**
 * The only module that reads and writes YAML. Fixed options make output
 * byte-stable: no line wrapping (a wrapped value would change with its length),
 * no anchors or aliases (Kubernetes tooling handles them poorly, and a shared
 * JS object must not turn into `*a`), and the YAML 1.1 schema that Kubernetes'
 * own parser uses, so strings such as `yes`, `on` or `1.10` are quoted and keep
 * their type when kubectl or Flux read them back. Strings are also quoted where
 * the YAML 1.2 core schema (js-yaml, which reads them back here; kyaml) would read
 * another type (`0o17` is a number there, not in 1.1), and a string key `<<`
 * is quoted: written plain, YAML 1.1 readers (js-yaml, go-yaml) take it for a
 * merge key and fold its value into the parent map. A `<<` merge key a file
 * already has stays one.
 */
const MERGE_TAG = 'tag:yaml.org,2002:merge';
const DOC_OPTIONS: DocumentOptions & SchemaOptions & ParseOptions = {
  version: '1.1',
  compat: 'core',
  // The schema's merge tag, except that it no longer claims the string "<<" when
  // building nodes from values; with `merge: false` the original is not added back.
  merge: false,
  customTags: (tags) =>
    tags.map((t) =>
      typeof t === 'object' && t.tag === MERGE_TAG
        ? { ...t, identify: (v: unknown) => typeof v === 'symbol' && v.description === '<<' }
        : t,
    ),
  keepSourceTokens: false,
  prettyErrors: true,
  uniqueKeys: true,
  strict: true,
};

const STRINGIFY_OPTIONS: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  doubleQuotedAsJSON: false,
  singleQuote: false,
  flowCollectionPadding: true,
};

export type YamlDocument = Document.Parsed | Document;

/**
 * A YAML text Platter will not read. `code` is the diagnostic code it becomes:
 * InvalidManifest for a syntax error, YamlAliasLimit for aliases that expand
 * past the cap (an alias bomb: a few lines that expand into billions of nodes).
 */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly code: 'InvalidManifest' | 'YamlAliasLimit' = 'InvalidManifest',
  ) {
    super(message);
  }
}

/**
 * The alias cap, everywhere Platter parses YAML. Aliases cost nothing to parse
 * (js-yaml shares the object, the yaml package keeps an Alias node), but every
 * walk of the value (hashing, validation, rendering, kubectl's own parser) expands
 * them: nine nested levels of ten aliases are a billion nodes. A document is
 * refused when its aliases expand it to more than MAX_ALIAS_NODES nodes and to
 * more than ALIAS_EXPANSION_RATIO times its own size: files that reuse an anchor
 * a few times pass, a bomb never does. Cyclic aliases are refused too.
 */
export const MAX_ALIAS_NODES = 50_000;
export const ALIAS_EXPANSION_RATIO = 10;

/** Throws YamlSyntaxError (YamlAliasLimit) when aliases expand `value` past the cap. */
export function checkAliasExpansion(value: unknown): void {
  const expanded = new Map<object, number>();
  const visiting = new Set<object>();
  const size = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = expanded.get(v);
    if (known !== undefined) return known;
    if (visiting.has(v))
      throw new YamlSyntaxError('an alias refers to a node that contains it (a cycle)', undefined, 'YamlAliasLimit');
    visiting.add(v);
    let n = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      n += size(child);
      if (n > Number.MAX_SAFE_INTEGER / 2) break;
    }
    visiting.delete(v);
    expanded.set(v, n);
    return n;
  };
  const total = size(value);
  // Objects seen once each: the document's own size, without what aliases repeat.
  let own = 0;
  for (const v of expanded.keys())
    own += 1 + (Array.isArray(v) ? v : Object.values(v)).filter((c) => c === null || typeof c !== 'object').length;
  if (total > MAX_ALIAS_NODES && total > ALIAS_EXPANSION_RATIO * Math.max(own, 1)) {
    throw new YamlSyntaxError(
      `aliases expand this document to ${total > 1e15 ? 'more than 10^15' : total} nodes from ${own} written ` +
        `(at most ${MAX_ALIAS_NODES}, or ${ALIAS_EXPANSION_RATIO} times the written size): an alias bomb? Write the values out instead of aliasing them`,
      undefined,
      'YamlAliasLimit',
    );
  }
}

/** Parses every document of a file; throws YamlSyntaxError (with the line) on the first error. */
export function parseDocuments(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, DOC_OPTIONS);
  if (!Array.isArray(docs)) {
    // An empty stream: parseAllDocuments returns an EmptyStream.
    return [];
  }
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) throw new YamlSyntaxError(err.message.split('\n')[0] ?? err.message, err.linePos?.[0]?.line);
    // Only a text with an alias indicator can hold an alias: the common case costs one scan.
    if (text.includes('*')) checkAliasExpansion(doc.toJS({ maxAliasCount: -1 }));
  }
  return docs.filter((d) => d.contents !== null || d.commentBefore);
}

/**
 * Parses documents to plain JS values (skipping empty documents), for reading
 * only. js-yaml, about ten times faster than building editable Documents, which
 * matters when a fleet has thousands of files; editing goes through
 * `parseDocuments`. js-yaml reads YAML 1.2 booleans (`yes` stays a string) and
 * dates as timestamps; everything Platter writes reads the same either way,
 * because the writer quotes whatever YAML 1.1 would read as another type.
 */
export function parseYamlValues(text: string): unknown[] {
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, undefined, { json: false }).filter((v) => v !== null && v !== undefined);
  } catch (e) {
    const mark = (e as { mark?: { line?: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? (e as Error).message;
    throw new YamlSyntaxError(reason, mark?.line !== undefined ? mark.line + 1 : undefined);
  }
  // js-yaml shares aliased objects: check what they would expand to (see checkAliasExpansion).
  if (text.includes('*')) for (const v of values) checkAliasExpansion(v);
  return values;
}

/** A new document holding `value` (keys in the order given: renderers pass canonical order). */
export function newDocument(value: unknown): Document {
  return new Document(value, { ...DOC_OPTIONS, aliasDuplicateObjects: false });
}

/** Serialises documents with the fixed options; multi-document files are joined with `---`. */
export function stringifyDocuments(docs: readonly YamlDocument[]): string {
  return docs
    .map((d, i) => {
      const text = d.toString(STRINGIFY_OPTIONS);
      // Document markers are written between documents only; the first keeps its own if it had one.
      return i === 0 || text.startsWith('---') ? text : `---\n${text}`;
    })
    .join('');
}

/** The yaml package's text of a new document holding `value`. */
const libraryText = (value: unknown): string => newDocument(value).toString(STRINGIFY_OPTIONS);
/**
 * The same text without a node per value (plainText.ts), where it can: a full render writes millions of values.
 * Its probes (a scalar in a small map) reuse one document: a new one builds a schema each time.
 */
const probeDocument = newDocument({});
const plainText = plainDocumentWriter((value) => {
  probeDocument.contents = createNode(probeDocument, value) as typeof probeDocument.contents;
  return probeDocument.toString(STRINGIFY_OPTIONS);
});

/** YAML text of plain values (one document each), as `stringifyDocuments` of a new document for each. */
export function toYaml(...values: unknown[]): string {
  const out: string[] = [];
  values.forEach((v, i) => {
    const text = plainText(v) ?? libraryText(v);
    out.push(i === 0 || text.startsWith('---') ? text : `---\n${text}`);
  });
  return out.join('');
}

/**
 * YAML text of one document holding `value` with a comment before it (the
 * document's `commentBefore`): the comment as the yaml package writes it, then
 * the document (the fast path where it can: a file generated from the whole
 * fleet, such as .sops.yaml, has a line per env).
 */
export function toCommentedYaml(comment: string, value: unknown): string {
  const body = plainText(value);
  if (body !== undefined) {
    const empty = newDocument({});
    empty.commentBefore = comment;
    const text = empty.toString(STRINGIFY_OPTIONS);
    if (text.endsWith('\n{}\n')) return text.slice(0, -'{}\n'.length) + body;
  }
  const doc = newDocument(value);
  doc.commentBefore = comment;
  return stringifyDocuments([doc]);
}

/** A value node for `value`, built with the document's schema and the fixed options. */
export function createNode(doc: YamlDocument, value: unknown): Node {
  return doc.createNode(value, { aliasDuplicateObjects: false }) as Node;
}

export { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, Document };
export type { Node };
