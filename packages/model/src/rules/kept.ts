/**
 * Whether two lists of what a rule read are the same values (entities by
 * identity: they are never mutated, a change makes new ones). The rules that
 * keep an entity's clean result (checkApps, checkStages) compare by it.
 */
export const sameReads = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
