import { fieldChanges } from '../renderedDiff/diffObjects';
import { objectKey, parseYamlValues } from '../yaml';

/** One field whose value differs between two versions of a YAML file; `undefined` is absent. */
export interface FileFieldChange {
  /**
   * The field's path (`spec.interval`, `spec.components[1]`, `data["a.b"]`); in a file
   * of several objects prefixed by the object (`Kustomization/flux-system/app:spec.interval`).
   * A whole object added or removed is `<object>:` alone.
   */
  readonly field: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

/**
 * The fields that differ between two YAML texts of one file, field by field (the
 * rendered diff's `fieldChanges` on each document: maps key by key, lists item
 * by item). Documents are matched by kind/namespace/name. What `render --check`
 * prints and what validate reports as ManagedFieldEdited (a file as it is vs as
 * Platter would write it).
 */
export function fileFieldChanges(from: string | undefined, to: string | undefined): FileFieldChange[] {
  const docs = (text: string | undefined) => {
    const seen = new Map<string, number>();
    return new Map(
      (text === undefined ? [] : parseYamlValues(text)).map((v) => {
        const k = objectKey(v);
        const n = seen.get(k) ?? 0;
        seen.set(k, n + 1);
        return [n ? `${k}#${n}` : k, v] as const;
      }),
    );
  };
  const a = docs(from);
  const b = docs(to);
  const many = a.size > 1 || b.size > 1;
  const out: FileFieldChange[] = [];
  const walk = (prefix: string, x: unknown, y: unknown) => {
    for (const f of fieldChanges(x, y))
      out.push({
        field: `${prefix}${f.path}`,
        ...(f.before !== undefined ? { from: f.before } : {}),
        ...(f.after !== undefined ? { to: f.after } : {}),
      });
  };
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (!many) walk('', x, y);
    else if (x === undefined || y === undefined) out.push({ field: `${k}:`, ...(x ? { from: x } : { to: y }) });
    else walk(`${k}:`, x, y);
  }
  return out;
}

/** A field value for a message: JSON, shortened; absent says so. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
