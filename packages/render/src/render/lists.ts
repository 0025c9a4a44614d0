import { computed, type Computed } from '../yaml';

/**
 * A list we share with users (kustomization `resources`, `components`, `patches`):
 * entries `isOurs` recognises are brought to `desired`; everything else keeps its
 * place. A new entry goes right after its predecessor in `desired`, so the file
 * reads in our order without moving what a user put there.
 */
export function sharedList<T>(
  desired: readonly T[],
  isOurs: (entry: unknown) => boolean,
  same: (a: unknown, b: T) => boolean = (a, b) => a === b,
): Computed {
  return computed((current) => {
    const merged = mergeSharedList(Array.isArray(current) ? current : [], desired, isOurs, same);
    // An empty list is left out rather than written as `[]`, unless a user wrote it that way.
    const onlyOurs = current === undefined || (Array.isArray(current) && current.every(isOurs));
    return merged.length === 0 && onlyOurs ? undefined : merged;
  });
}

export function mergeSharedList<T>(
  current: readonly unknown[],
  desired: readonly T[],
  isOurs: (entry: unknown) => boolean,
  same: (a: unknown, b: T) => boolean,
): unknown[] {
  const out: unknown[] = current.filter((e) => !isOurs(e) || desired.some((d) => same(e, d)));
  desired.forEach((want, i) => {
    if (out.some((e) => same(e, want))) return;
    let at = -1;
    for (let j = i - 1; j >= 0 && at < 0; j--) at = out.findIndex((e) => same(e, desired[j]!));
    if (at < 0) {
      const firstOurs = out.findIndex((e) => isOurs(e));
      out.splice(firstOurs < 0 ? out.length : firstOurs, 0, want);
    } else out.splice(at + 1, 0, want);
  });
  return out;
}
