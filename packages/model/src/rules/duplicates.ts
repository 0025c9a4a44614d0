/** Values that occur more than once, each reported once, in first-seen order. */
export function duplicates(values: Iterable<string>): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
