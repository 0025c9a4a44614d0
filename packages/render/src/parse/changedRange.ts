/**
 * Where two lists differ, by identity: the first `start` items are the same
 * objects, and so are the items from `endA` on in `a` and from `endB` on in `b`
 * (as many of them). Two walks of one directory before and after a change share
 * the objects of what the change did not touch, so what differs is one run in
 * the middle (a new app's Flux Kustomization, a changed ConfigMap): what is
 * derived from a walk (its duplicate ids, structure findings, Flux
 * Kustomizations) is derived from the prior walk's outside that run.
 */
export interface ChangedRange {
  readonly start: number;
  readonly endA: number;
  readonly endB: number;
}

export function changedRange<T>(a: readonly T[], b: readonly T[]): ChangedRange {
  const common = Math.min(a.length, b.length);
  let start = 0;
  while (start < common && a[start] === b[start]) start++;
  let same = 0;
  while (same < common - start && a[a.length - 1 - same] === b[b.length - 1 - same]) same++;
  return { start, endA: a.length - same, endB: b.length - same };
}

/** Whether two lists hold the same objects in the same order (by identity: what they hold is never mutated). */
export const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
