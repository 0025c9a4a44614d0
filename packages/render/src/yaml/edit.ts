import { applyPatch, structuredPatch } from 'diff';
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { deepEqual, objectKey } from './merge';
import { parseDocuments, stringifyDocuments, type YamlDocument } from './yaml';

/**
 * Edits in place (issue 14, "a request touches only what it changes"). A request
 * knows two renders of a file: `base`, what Platter writes for the model before
 * the request, and `desired`, what it writes for the model after it (both written
 * onto the file as it is, so both carry its comments and unknown fields). Their
 * difference is the request's own change: the (document, field path) pairs it
 * sets, removes, or the list items it inserts, removes or moves. `applyFileEdit`
 * applies exactly that to the file as it is; every other field keeps its value
 * even where a person tuned a managed field (base and desired would both reset
 * it, so it is not part of the change), and every other byte stays, comments
 * included (`keepBytes`).
 */
export function applyFileEdit(current: string, base: string, desired: string): string {
  if (base === desired) return current;
  let cur: YamlDocument[], b: YamlDocument[], d: YamlDocument[];
  try {
    cur = parseDocuments(current);
    b = parseDocuments(base);
    d = parseDocuments(desired);
  } catch {
    // A file that does not parse is replaced: parse reports it first, so nobody loses it silently.
    return desired;
  }
  const keyed = (docs: YamlDocument[]) => {
    const seen = new Map<string, number>();
    return docs.map((doc) => {
      const k = objectKey(doc.toJS());
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      return [`${k}#${n}`, doc] as const;
    });
  };
  const bk = new Map(keyed(b));
  const dk = keyed(d);
  const dKeys = new Set(dk.map(([k]) => k));
  const out = [...keyed(cur)];
  const at = (k: string) => out.findIndex(([x]) => x === k);
  // Documents the request removes.
  for (const k of bk.keys()) if (!dKeys.has(k) && at(k) >= 0) out.splice(at(k), 1);
  dk.forEach(([k, want], i) => {
    const was = bk.get(k);
    const i0 = at(k);
    if (i0 >= 0) {
      const doc = out[i0]![1];
      if (was) editNode(doc.contents as Node, was.contents as Node, want.contents as Node, (n) => (doc.contents = n));
      // A document the file has but the request adds: the request claims it whole.
      else if (!deepEqual(doc.toJS(), want.toJS())) out[i0] = [k, want];
      return;
    }
    if (was) return; // removed by hand: the request's edit of it is moot
    // A new document goes after its predecessor in desired (or first).
    let pos = 0;
    for (let j = i - 1; j >= 0; j--) {
      const p = at(dk[j]![0]);
      if (p >= 0) {
        pos = p + 1;
        break;
      }
    }
    out.splice(pos, 0, [k, want]);
  });
  return keepBytes(current, stringifyDocuments(out.map(([, doc]) => doc)));
}

const js = (n: unknown): unknown => (isScalar(n) || isMap(n) || isSeq(n) ? (n as Node).toJSON() : n);
const clone = (n: Node): Node => n.clone() as Node;

/** Applies base -> desired at this node onto `cur` (the file's node): only where base and desired differ. */
function editNode(cur: Node | undefined, b: Node | undefined, d: Node | undefined, set: (n: Node) => void): void {
  if (deepEqual(js(b), js(d)) || d === undefined) return;
  if (cur === undefined || b === undefined) return set(clone(d));
  if (isMap(d) && isMap(b) && isMap(cur)) return editMap(cur, b, d);
  if (isSeq(d) && isSeq(b) && isSeq(cur)) return editSeq(cur, b, d);
  if (isScalar(d) && isScalar(cur)) {
    if (deepEqual(cur.value, d.value)) return;
    // Keep the node, and the comment on it; quoting follows the value (a string that reads as a number is quoted).
    cur.value = d.value;
    cur.type = typeof d.value === 'string' && cur.type !== 'PLAIN' ? cur.type : d.type;
    return;
  }
  set(clone(d));
}

const keyOf = (k: unknown) => String(isScalar(k) ? k.value : k);

function editMap(cur: YAMLMap, b: YAMLMap, d: YAMLMap): void {
  const keys = [...new Set([...b.items, ...d.items].map((p) => keyOf(p.key)))];
  for (const k of keys) {
    const bn = b.get(k, true) as Node | undefined;
    const dn = d.get(k, true) as Node | undefined;
    if (deepEqual(js(bn), js(dn))) continue;
    if (dn === undefined || (!d.has(k) && b.has(k))) {
      if (cur.has(k)) cur.delete(k);
      continue;
    }
    editNode(cur.get(k, true) as Node | undefined, b.has(k) ? bn : undefined, dn, (n) => cur.set(k, n));
  }
}

/**
 * What identifies a list item across renders: a map by its naming fields (`name`,
 * `kind`, `namespace`, `target`, `path`: a Flux dependsOn, substituteFrom or patch
 * entry), anything else by its value. A repeated identity counts its occurrences.
 */
function identities(items: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const v = js(item);
    let id = `v:${JSON.stringify(v)}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const naming = ['name', 'kind', 'namespace', 'target', 'path'].filter((f) => o[f] !== undefined);
      if (naming.length) id = `id:${JSON.stringify(naming.map((f) => [f, o[f]]))}`;
    }
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return `${id}#${n}`;
  });
}

/**
 * A list edit keeps the nodes of the items it does not change (and so their
 * comments): removes the items the request removes, edits the ones it changes,
 * inserts new ones next to their neighbours in desired, and moves what it moves.
 */
function editSeq(cur: YAMLSeq, b: YAMLSeq, d: YAMLSeq): void {
  const bIds = identities(b.items);
  const dIds = identities(d.items);
  const ids = () => identities(cur.items);
  // Removed by the request.
  for (const id of bIds.filter((x) => !dIds.includes(x))) {
    const i = ids().indexOf(id);
    if (i >= 0) cur.items.splice(i, 1);
  }
  // Changed by the request (same identity, another value).
  dIds.forEach((id, j) => {
    const bi = bIds.indexOf(id);
    const ci = ids().indexOf(id);
    if (bi < 0 || ci < 0) return;
    editNode(cur.items[ci] as Node, b.items[bi] as Node, d.items[j] as Node, (n) => (cur.items[ci] = n));
  });
  // Inserted by the request, after the nearest preceding item of desired the file has.
  dIds.forEach((id, j) => {
    if (bIds.includes(id) || ids().includes(id)) return;
    const now = ids();
    let pos = -1;
    for (let k = j - 1; k >= 0 && pos < 0; k--) {
      const p = now.indexOf(dIds[k]!);
      if (p >= 0) pos = p + 1;
    }
    if (pos < 0) {
      const next = dIds.slice(j + 1).find((x) => now.includes(x));
      pos = next ? now.indexOf(next) : now.length;
    }
    cur.items.splice(pos, 0, clone(d.items[j] as Node));
  });
  // Moved by the request: the items desired and base both have, in desired's order, in the places they hold.
  const common = dIds.filter((x) => bIds.includes(x));
  const bOrder = bIds.filter((x) => common.includes(x));
  if (common.join('\0') === bOrder.join('\0')) return;
  const now = ids();
  const slots = common.map((x) => now.indexOf(x)).filter((i) => i >= 0);
  const nodes = common.filter((x) => now.includes(x)).map((x) => cur.items[now.indexOf(x)]);
  [...slots].sort((x, y) => x - y).forEach((slot, i) => (cur.items[slot] = nodes[i]));
}

/**
 * Writes an edited file keeping the original's bytes outside the edit. The YAML
 * library re-prints a whole file (indentation, comment spacing, blank lines: its
 * own way); so the edit is taken as a line diff between the original re-printed
 * unedited and re-printed edited, and that diff is patched onto the original.
 * When the original's own layout makes the patch not apply, the re-printed file
 * is written (the values and comments are the same; only layout changes).
 */
export function keepBytes(original: string, edited: string): string {
  let unedited: string;
  try {
    unedited = stringifyDocuments(parseDocuments(original));
  } catch {
    return edited;
  }
  if (unedited === original) return edited;
  if (unedited === edited) return original;
  const patch = structuredPatch('a', 'b', unedited, edited, undefined, undefined, { context: 1 });
  const out = applyPatch(original, patch);
  return out === false ? edited : out;
}
