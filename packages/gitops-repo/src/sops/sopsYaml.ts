import { Document, Pair, Scalar, YAMLMap, YAMLSeq, parseDocument, type Node, type ToStringOptions } from 'yaml';

/**
 * YAML for SOPS files. SOPS, not render/yaml.ts, owns this layout: the file is
 * what `sops --encrypt` would emit (stores/yaml/store.go EmitEncryptedFile:
 * yaml.v3, indent 4, the document's keys in order, then `sops:` last), so a file
 * Platter writes and one a person writes with sops look alike in review.
 * Schema YAML 1.1 (as render/yaml.ts) so strings such as `yes` or `1.10` in labels
 * are quoted and stay strings for Kubernetes' parser; no line wrapping.
 * One known whitespace difference from yaml.v3: the armored `enc` block lines are
 * indented 4 past their key, where yaml.v3 indents them 2 (same YAML value).
 * Internal: never re-exported.
 */

/** An ordered mapping: keys in the order they are written (and MAC'd). */
export type Branch = ReadonlyArray<readonly [string, Value]>;
export type Value = string | Branch;

/** One age entry of the metadata (stores/stores.go agekey: recipient, enc). */
export interface AgeEntry {
  readonly recipient: string;
  readonly enc: string;
}

/** The `sops:` block, fields as stores/stores.go Metadata declares them. */
export interface SopsBlock {
  readonly age: readonly AgeEntry[];
  readonly lastmodified: string;
  readonly mac: string;
  readonly encrypted_regex: string;
  readonly version: string;
}

const STRINGIFY: ToStringOptions = {
  indent: 4,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  defaultStringType: 'PLAIN',
  defaultKeyType: 'PLAIN',
  singleQuote: false,
};

/**
 * Nodes are built by hand: a JS Map would become `!!omap` under the 1.1 schema,
 * and a plain object would move keys such as "1" first.
 */

/**
 * A string scalar that every reader takes back as the same string. The 1.1 schema
 * quotes what YAML 1.1 would retype (`yes`, `0x1F`, `1:20`), but sops and Flux
 * read with yaml.v3, closer to YAML 1.2, which retypes a few more (`0o17` is 15):
 * a value read back as another type changes the bytes sops hashes (a MAC
 * mismatch) and a key read as a number is refused. So a one-line string that
 * does not read back as itself under either schema is double-quoted, as is `<<`
 * (a merge key as a key, in both).
 */
const str = (value: string): Scalar => {
  const node = new Scalar(value);
  if (!value.includes('\n') && (value === '<<' || !readsBackAs(value, '1.1') || !readsBackAs(value, '1.2')))
    node.type = Scalar.QUOTE_DOUBLE;
  return node;
};
const readsBackAs = (value: string, version: '1.1' | '1.2'): boolean => {
  const doc = parseDocument(value, { version });
  return doc.errors.length === 0 && doc.contents instanceof Scalar && doc.contents.value === value;
};

const mapping = (entries: ReadonlyArray<readonly [string, Node]>): YAMLMap => {
  const map = new YAMLMap();
  for (const [key, value] of entries) map.items.push(new Pair(str(key), value));
  return map;
};
const sequence = (items: readonly Node[]): YAMLSeq => {
  const seq = new YAMLSeq();
  seq.items.push(...items);
  return seq;
};
const branchNode = (branch: Branch): YAMLMap =>
  mapping(branch.map(([k, v]) => [k, typeof v === 'string' ? str(v) : branchNode(v)] as const));

/** The file text: the (encrypted) document, then its `sops:` block. */
export function stringifySopsFile(document: Branch, sops: SopsBlock): string {
  const lastModified = new Scalar(sops.lastmodified);
  // yaml.v3 quotes a timestamp-looking string; pinned, whatever the schema would do.
  lastModified.type = Scalar.QUOTE_DOUBLE;
  // sops 3.9 writes every key-source list, empty ones as `[]` (no omitempty on
  // kms, gcp_kms, azure_kv, hc_vault, age, pgp), in the struct's field order.
  const metadata = mapping([
    ['kms', sequence([])],
    ['gcp_kms', sequence([])],
    ['azure_kv', sequence([])],
    ['hc_vault', sequence([])],
    [
      'age',
      sequence(
        sops.age.map((a) =>
          mapping([
            ['recipient', str(a.recipient)],
            ['enc', str(a.enc)],
          ]),
        ),
      ),
    ],
    ['lastmodified', lastModified],
    ['mac', str(sops.mac)],
    ['pgp', sequence([])],
    ['encrypted_regex', str(sops.encrypted_regex)],
    ['version', str(sops.version)],
  ]);
  const root = branchNode(document);
  root.items.push(new Pair(str('sops'), metadata));
  const doc = new Document(null, { version: '1.1' });
  doc.contents = root;
  return doc.toString(STRINGIFY);
}
