import { diffArrays } from 'diff';
import { parseDocuments, stringifyDocuments } from './yaml';

/**
 * Writes an edited file keeping the original's bytes outside the edit. The YAML
 * library re-prints a whole file its own way (indentation, comment spacing,
 * blank lines), so the edit is taken as a line diff between the original
 * re-printed unedited and re-printed edited, and each of its hunks is carried
 * over to the original through a line alignment of the original with its
 * re-print (a three-way merge with the re-print as the base). A hunk that
 * touches a line the re-print changed cannot be carried over: then the
 * re-printed file is written (the same values and comments, only the layout
 * changes).
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
  const u = unedited.split('\n');
  const o = original.split('\n');
  // The original line of each re-printed line both have.
  const u2o = new Map<number, number>();
  let ui = 0;
  let oi = 0;
  for (const part of diffArrays(u, o)) {
    const n = part.count ?? part.value.length;
    if (part.added) oi += n;
    else if (part.removed) ui += n;
    else for (let k = 0; k < n; k++) u2o.set(ui++, oi++);
  }
  // The edit as operations on re-printed lines: at line `at`, remove `remove` lines, insert `insert`.
  const ops: { at: number; remove: number; insert: string[] }[] = [];
  ui = 0;
  for (const part of diffArrays(u, edited.split('\n'))) {
    const n = part.count ?? part.value.length;
    const last = ops[ops.length - 1];
    const open = last && last.at + last.remove === ui ? last : undefined;
    if (part.removed) {
      if (open) open.remove += n;
      else ops.push({ at: ui, remove: n, insert: [] });
      ui += n;
    } else if (part.added) {
      if (open) open.insert.push(...part.value);
      else ops.push({ at: ui, remove: 0, insert: [...part.value] });
    } else ui += n;
  }
  const out = [...o];
  for (const op of ops.reverse()) {
    let start: number | undefined;
    if (op.remove > 0) {
      start = u2o.get(op.at);
      for (let k = 0; k < op.remove; k++) if (start === undefined || u2o.get(op.at + k) !== start + k) return edited;
    } else {
      const before = op.at > 0 ? u2o.get(op.at - 1) : -1;
      start = before !== undefined ? before + 1 : u2o.get(op.at);
    }
    if (start === undefined) return edited;
    out.splice(start, op.remove, ...op.insert);
  }
  return out.join('\n');
}
