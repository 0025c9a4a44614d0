import { diffArrays } from 'diff';
import { parseDocuments, stringifyDocuments } from './yaml';

/**
 * Writes an edited file keeping the original's bytes outside the edit. The YAML
 * library re-prints a whole file its own way (indentation, comment spacing,
 * blank lines), so the edit is taken as a line diff between the original
 * re-printed unedited and re-printed edited, and each of its hunks is carried
 * over to the original through a line alignment of the original with its
 * re-print (a three-way merge with the re-print as the base): a hunk goes
 * between the original lines of its neighbours. A hunk next to a line the
 * re-print laid out otherwise cannot be placed: then the re-printed file is
 * written (the same values and comments, only the layout changes).
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
    const start = u2o.get(op.at);
    const aligned = Array.from({ length: op.remove }, (_, k) => u2o.get(op.at + k));
    if (op.remove > 0 && aligned.every((x, k) => start !== undefined && x === start + k)) {
      out.splice(start!, op.remove, ...op.insert); // the lines it replaces, as the original has them
      continue;
    }
    const before = op.at > 0 ? u2o.get(op.at - 1) : -1;
    if (op.remove === 0) {
      const at = before !== undefined ? before + 1 : start;
      if (at === undefined) return edited;
      out.splice(at, 0, ...op.insert);
      continue;
    }
    // Lines the re-print laid out otherwise among those it removes: what the original has between the
    // op's neighbours (lines both have) is the originals of those lines.
    const hi = op.at + op.remove;
    const after = hi >= u.length ? o.length : u2o.get(hi);
    if (before === undefined || after === undefined) return edited;
    out.splice(before + 1, after - before - 1, ...op.insert);
  }
  return out.join('\n');
}
