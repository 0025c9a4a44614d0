import { isMap, isScalar, isSeq, type Node, YAMLMap, YAMLSeq } from 'yaml';
import { keepBytes } from './keepBytes';
import { deepEqual, editSequence } from './nodes';
import {
  createNode,
  newDocument,
  parseDocuments,
  parseYamlValues,
  stringifyDocuments,
  toYaml,
  type YamlDocument,
} from './yaml';

export { deepEqual };

/**
 * Writes managed fields onto existing YAML documents, so comments, unknown fields
 * and hand-made formatting survive (DESIGN §2: Platter never destroys what it does
 * not understand). A node is replaced only when its value really changes; an
 * unchanged file keeps its exact bytes.
 *
 * A desired value says how to merge:
 * - a plain object: merge key by key; keys the file has and we don't mention stay;
 *   a key whose desired value is `undefined` is managed and absent, so it is removed;
 * - `exact(obj)`: like a plain object, but keys we don't mention are removed
 *   (config data, Helm values: fully owned, yet comments on unchanged keys survive);
 * - `byName(items)`: a list of maps matched by their `name`, each merged; the order is ours;
 * - `computed(fn)`: the value is computed from the current one (lists that mix our
 *   entries with a user's, such as kustomization `resources`);
 * - anything else (scalars, arrays): replaced when not deep-equal.
 */
const EXACT = Symbol('exact');
const BY_NAME = Symbol('byName');
const COMPUTED = Symbol('computed');

export interface Exact {
  readonly [EXACT]: Record<string, unknown>;
}
export interface ByName {
  readonly [BY_NAME]: readonly Record<string, unknown>[];
}
export interface Computed {
  readonly [COMPUTED]: (current: unknown) => unknown;
}

export const exact = (value: Record<string, unknown>): Exact => ({ [EXACT]: value });
export const byName = (items: readonly Record<string, unknown>[]): ByName => ({ [BY_NAME]: items });
export const computed = (fn: (current: unknown) => unknown): Computed => ({ [COMPUTED]: fn });

const isExact = (v: unknown): v is Exact => typeof v === 'object' && v !== null && EXACT in v;
const isByName = (v: unknown): v is ByName => typeof v === 'object' && v !== null && BY_NAME in v;
const isComputed = (v: unknown): v is Computed => typeof v === 'object' && v !== null && COMPUTED in v;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isExact(v) && !isByName(v) && !isComputed(v);

/**
 * Plain data of a desired value (markers resolved against nothing): what a new document gets.
 * A plain object or list with nothing to resolve or leave out is returned as it is, not copied
 * (nothing writes to what this returns): a full render asks this of millions of values.
 */
export function plain(value: unknown, current?: unknown): unknown {
  // Scalars first, and each marker tested once.
  if (typeof value !== 'object' || value === null) return value;
  if (COMPUTED in value) return plain((value as Computed)[COMPUTED](current), current);
  if (EXACT in value) return plain((value as Exact)[EXACT], current);
  if (BY_NAME in value) return (value as ByName)[BY_NAME].map((v) => plain(v));
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const p = plain(value[i]);
      if (copy) copy.push(p);
      else if (p !== value[i]) copy = [...value.slice(0, i), p];
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  // Anything but a plain object (a class instance) becomes one, as before.
  let copy: Record<string, unknown> | undefined = proto === Object.prototype || proto === null ? undefined : {};
  const cur = (typeof current === 'object' && current !== null ? current : NO_CURRENT) as Record<string, unknown>;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = (value as Record<string, unknown>)[k];
    const p = v === undefined ? undefined : plain(v, cur[k]);
    if (!copy && (v === undefined || p !== v)) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = (value as Record<string, unknown>)[keys[j]!];
    }
    if (copy && p !== undefined) copy[k] = p;
  }
  return copy ?? value;
}
const NO_CURRENT = {};

const nodeValue = (node: unknown): unknown => {
  if (node === undefined || node === null) return undefined;
  if (isScalar(node) || isMap(node) || isSeq(node)) return (node as any).toJSON();
  return node;
};

/** Merges `desired` into the map node; returns whether anything changed. */
function mergeMap(doc: YamlDocument, map: YAMLMap, desired: Record<string, unknown>, removeUnknown: boolean): boolean {
  let changed = false;
  for (const [key, wanted] of Object.entries(desired)) {
    const current = map.get(key, true) as Node | undefined;
    // A computed value may decide the key should not be there at all (an empty shared list).
    const want = isComputed(wanted) ? wanted[COMPUTED](nodeValue(current)) : wanted;
    if (want === undefined) {
      if (map.has(key)) {
        map.delete(key);
        changed = true;
      }
      continue;
    }
    changed = mergeValue(doc, current, want, (node) => map.set(key, node)) || changed;
  }
  if (removeUnknown) {
    for (const item of [...map.items]) {
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      // Own keys only: `k in desired` would keep a stale `constructor` or `toString` key.
      if (!Object.hasOwn(desired, k)) {
        map.delete(item.key);
        changed = true;
      }
    }
  }
  return changed;
}

function mergeValue(
  doc: YamlDocument,
  current: Node | undefined,
  want: unknown,
  replace: (node: Node) => void,
): boolean {
  if (isComputed(want)) return mergeValue(doc, current, want[COMPUTED](nodeValue(current)), replace);
  if (isExact(want)) {
    if (isMap(current)) return mergeMap(doc, current, want[EXACT], true);
    replace(createNode(doc, plain(want)));
    return true;
  }
  if (isPlainObject(want) && isMap(current)) return mergeMap(doc, current, want, false);
  if (isByName(want) && isSeq(current)) return mergeByName(doc, current, want[BY_NAME]);
  const value = plain(want, nodeValue(current));
  if (current !== undefined && deepEqual(nodeValue(current), value)) return false;
  if (isScalar(current) && (value === null || ['string', 'number', 'boolean'].includes(typeof value))) {
    // Keep the node (and the comment on it); the stringifier re-quotes a string that would
    // otherwise read back as another type (`1.10`, `yes`).
    current.value = value;
    if (typeof value !== 'string') current.type = undefined;
    return true;
  }
  const node = createNode(doc, value);
  // A list is edited in place: the items that stay keep their comments.
  if (isSeq(current) && isSeq(node)) editSequence(current, node);
  else replace(node);
  return true;
}

function mergeByName(doc: YamlDocument, seq: YAMLSeq, items: readonly Record<string, unknown>[]): boolean {
  const existing = new Map<string, YAMLMap>();
  for (const item of seq.items) {
    if (isMap(item)) {
      const name = item.get('name');
      if (typeof name === 'string') existing.set(name, item);
    }
  }
  let changed = false;
  const next: unknown[] = [];
  for (const want of items) {
    const node = existing.get(String(want.name));
    if (node) {
      changed = mergeMap(doc, node, want, false) || changed;
      next.push(node);
    } else {
      next.push(createNode(doc, plain(want)));
      changed = true;
    }
  }
  const order = (xs: unknown[]) => xs.map((x) => (isMap(x) ? String(x.get('name')) : '?')).join('\0');
  if (changed || order(seq.items) !== order(next)) {
    seq.items = next;
    return true;
  }
  return false;
}

/**
 * The fast path: whether merging `want` onto a file's plain value (read with
 * js-yaml, ten times faster than an editable Document) would change anything,
 * by the rules mergeMap and mergeValue apply to nodes. Most files a render
 * visits are unchanged; only a file this says would change is parsed into a
 * Document. Used only where both parsers read the same values (see AMBIGUOUS).
 */
function wouldChange(current: unknown, want: unknown): boolean {
  if (isComputed(want)) return wouldChange(current, want[COMPUTED](current));
  if (want === undefined) return current !== undefined;
  if (isExact(want)) {
    if (!isRecord(current)) return true;
    const w = want[EXACT];
    return Object.keys(current).some((k) => !Object.hasOwn(w, k)) || mapWouldChange(current, w);
  }
  if (isPlainObject(want) && isRecord(current)) return mapWouldChange(current, want);
  if (isByName(want) && Array.isArray(current)) {
    const names = current.map((x) => (isRecord(x) ? String(x.name) : '?'));
    const items = want[BY_NAME];
    if (names.join('\0') !== items.map((i) => String(i.name)).join('\0')) return true;
    return items.some((item, i) => mapWouldChange(current[i] as Record<string, unknown>, item));
  }
  return current === undefined || !deepEqual(current, plain(want, current));
}

function mapWouldChange(current: Record<string, unknown>, desired: Record<string, unknown>): boolean {
  return Object.entries(desired).some(([k, w]) => {
    const want = isComputed(w) ? w[COMPUTED](current[k]) : w;
    return want === undefined ? Object.hasOwn(current, k) : wouldChange(current[k], want);
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/**
 * Plain scalars YAML 1.1 (the Document parser, as Kubernetes reads) and YAML 1.2
 * (js-yaml) read differently: booleans like `yes`/`on`, sexagesimal and
 * underscored or leading-zero numbers. A file with one takes the slow path.
 */
const AMBIGUOUS =
  /(?:^|[:-]\s)\s*(?:y|n|yes|no|on|off|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|[-+]?0[0-7_]+|[-+]?\d[\d_]*_[\d_]*(?:\.\d*)?)\s*(?:#.*)?$/im;

/** The values of a file for the fast path, or undefined when it must take the slow one. */
function fastValues(previous: string): unknown[] | undefined {
  const hit = FAST_VALUES.get(previous);
  if (hit !== undefined || FAST_VALUES.has(previous)) {
    // Most recently used last.
    FAST_VALUES.delete(previous);
    FAST_VALUES.set(previous, hit);
    return hit;
  }
  let values: unknown[] | undefined;
  if (!AMBIGUOUS.test(previous)) {
    try {
      values = parseYamlValues(previous);
    } catch {
      values = undefined;
    }
  }
  FAST_VALUES.set(previous, values);
  fastValuesChars += previous.length;
  for (const [text] of FAST_VALUES) {
    if (fastValuesChars <= FAST_VALUES_MAX_CHARS) break;
    FAST_VALUES.delete(text);
    fastValuesChars -= text.length;
  }
  return values;
}

/**
 * The fast path's values of the files rendered lately, by their text (issue 17:
 * a plan renders the model before and after its change onto the same files,
 * and the plans on one commit render the same files again; 80% of what they
 * parsed was parsed before). Sound: keyed by the whole text, and js-yaml
 * reads a text the same every time; the values are only read (wouldChange,
 * mapWouldChange and deepEqual never write, nor does a computed value such as
 * sharedList with the current value it is given), never handed out. Bounded
 * by the texts' length, least recently used first out: 4 Mi characters of
 * YAML, at most about 16 MiB of heap with their values (8.4 MiB measured for
 * 2 Mi characters of the fleet's env files).
 */
const FAST_VALUES = new Map<string, unknown[] | undefined>();
const FAST_VALUES_MAX_CHARS = 4 * 2 ** 20;
let fastValuesChars = 0;

/** Merges `desired` into a document's root map (or fills an empty document); returns whether it changed. */
export function mergeDocument(doc: YamlDocument, desired: Record<string, unknown>): boolean {
  if (!isMap(doc.contents)) {
    doc.contents = createNode(doc, plain(desired)) as any;
    return true;
  }
  return mergeMap(doc, doc.contents, desired, false);
}

/** Identity of a Kubernetes object in a file, to match documents across renders. */
export const objectKey = (value: unknown): string => {
  const v = (value ?? {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  return `${String(v.kind)}/${String(v.metadata?.namespace ?? '')}/${String(v.metadata?.name)}`;
};

/**
 * Renders one file of Kubernetes objects onto its previous content: documents are
 * matched by kind/namespace/name and merged; previous documents we no longer want
 * are dropped only when `owns(doc)` says they are ours; the rest survive. Returns
 * the previous text unchanged when nothing changed.
 */
export function mergeObjectsFile(
  previous: string | undefined,
  desired: readonly Record<string, unknown>[],
  owns: (value: unknown) => boolean = () => true,
): string {
  if (previous === undefined) return toYaml(...desired.map((d) => plain(d)));
  const values = fastValues(previous);
  if (values) {
    const have = new Map(values.map((v) => [objectKey(v), v] as const));
    const wanted = new Set(desired.map((d) => objectKey(plain(d))));
    const same =
      have.size === values.length &&
      desired.every((d) => {
        const v = have.get(objectKey(plain(d)));
        return isRecord(v) && !mapWouldChange(v, d);
      }) &&
      values.every((v) => wanted.has(objectKey(v)) || !owns(v));
    if (same) return previous;
  }
  let docs: YamlDocument[];
  try {
    docs = parseDocuments(previous);
  } catch {
    // A file we cannot parse is replaced: parse reports it first, so a user never loses it silently.
    return toYaml(...desired.map((d) => plain(d)));
  }
  let changed = false;
  const byKey = new Map(docs.map((d) => [objectKey(d.toJS()), d] as const));
  const out: YamlDocument[] = [];
  const wanted = new Set(desired.map((d) => objectKey(plain(d))));
  // Keep the previous order for documents that stay; append new ones in our order.
  for (const doc of docs) {
    const key = objectKey(doc.toJS());
    const want = desired.find((d) => objectKey(plain(d)) === key);
    if (want) {
      changed = mergeDocument(doc, want) || changed;
      out.push(doc);
    } else if (!wanted.has(key) && owns(doc.toJS())) {
      changed = true;
    } else out.push(doc);
  }
  for (const want of desired) {
    if (!byKey.has(objectKey(plain(want)))) {
      out.push(newDocument(plain(want)));
      changed = true;
    }
  }
  return changed ? keepBytes(previous, stringifyDocuments(out)) : previous;
}

/** Renders a single-document file (a kustomization, platter.yaml) onto its previous content. */
export function mergeSingleDocumentFile(previous: string | undefined, desired: Record<string, unknown>): string {
  if (previous === undefined) return toYaml(plain(desired));
  // One document only on the fast path (a comment-only document first would be docs[0] below).
  const values = /^---/m.test(previous) ? undefined : fastValues(previous);
  if (values?.length === 1 && isRecord(values[0]) && !mapWouldChange(values[0], desired)) return previous;
  let docs: YamlDocument[];
  try {
    docs = parseDocuments(previous);
  } catch {
    return toYaml(plain(desired));
  }
  const doc = docs[0] ?? newDocument({});
  const changed = mergeDocument(doc, desired);
  return changed || docs.length === 0 ? keepBytes(previous, stringifyDocuments([doc, ...docs.slice(1)])) : previous;
}
