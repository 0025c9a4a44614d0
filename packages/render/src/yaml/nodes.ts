import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Node-level edits that keep what they do not change: `editNode` applies the
 * difference between two versions of a value (`b` -> `d`) onto a third (the
 * file's node), keeping the nodes, and so the comments, of everything else.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

const js = (n: unknown): unknown => (isScalar(n) || isMap(n) || isSeq(n) ? (n as Node).toJSON() : n);
const clone = (n: Node): Node => n.clone() as Node;

/** Applies base -> desired at this node onto `cur` (the file's node): only where base and desired differ. */
export function editNode(
  cur: Node | undefined,
  b: Node | undefined,
  d: Node | undefined,
  set: (n: Node) => void,
): void {
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
 * What identifies a list item across renders: a map by its name (with its kind and
 * namespace: a Flux dependsOn or substituteFrom entry), else by its `target` or
 * `path` (a patch entry); anything else by its value. A repeated identity counts its occurrences.
 */
function identities(items: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const v = js(item);
    let id = `v:${JSON.stringify(v)}`;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      // A named item by its name (and kind, namespace); else a patch by its target or path.
      const fields =
        o.name !== undefined ? ['kind', 'namespace', 'name'] : o.target !== undefined ? ['target'] : ['path'];
      const naming = fields.filter((f) => o[f] !== undefined);
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

/** Brings a list node to `desired` in place: items that stay keep their nodes (and comments). */
export function editSequence(cur: YAMLSeq, desired: YAMLSeq): void {
  editSeq(cur, cur.clone() as YAMLSeq, desired);
}
