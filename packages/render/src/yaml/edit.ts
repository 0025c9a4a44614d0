import type { Node } from 'yaml';
import { deepEqual, objectKey } from './merge';
import { keepBytes } from './keepBytes';
import { editNode } from './nodes';
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
