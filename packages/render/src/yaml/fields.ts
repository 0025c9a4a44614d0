import { deepEqual } from './nodes';
import { objectKey } from './merge';
import { parseYamlValues } from './yaml';

/** One field whose value differs between two versions of a YAML file; `undefined` is absent. */
export interface FieldChange {
  /**
   * The field's path (`spec.interval`, `spec.components[1]`, `data["a.b"]`); in a file
   * of several objects prefixed by the object (`Kustomization/flux-system/app:spec.interval`).
   * A whole object added or removed is `<object>:` alone.
   */
  readonly field: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const step = (prefix: string, key: string) =>
  /^[A-Za-z_][\w-]*$/.test(key) ? (prefix ? `${prefix}.${key}` : key) : `${prefix}[${JSON.stringify(key)}]`;

/**
 * The fields that differ between two YAML texts of one file, field by field:
 * maps are compared key by key, lists of the same length item by item (a list
 * that grew or shrank is one change of the whole list). Documents are matched by
 * kind/namespace/name. What `render --check` prints and what validate reports as
 * ManagedFieldEdited (a file as it is vs as Platter would write it).
 */
export function fieldChanges(from: string | undefined, to: string | undefined): FieldChange[] {
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
  const out: FieldChange[] = [];
  const walk = (field: string, x: unknown, y: unknown): void => {
    if (deepEqual(x, y)) return;
    if (isRecord(x) && isRecord(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(step(field, k), x[k], y[k]);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((item, i) => walk(`${field}[${i}]`, item, y[i]));
      return;
    }
    out.push({ field, ...(x !== undefined ? { from: x } : {}), ...(y !== undefined ? { to: y } : {}) });
  };
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (!many) walk('', x, y);
    else if (x === undefined || y === undefined) out.push({ field: `${k}:`, ...(x ? { from: x } : { to: y }) });
    else {
      const before = out.length;
      walk('', x, y);
      for (let i = before; i < out.length; i++) out[i] = { ...out[i]!, field: `${k}:${out[i]!.field}` };
    }
  }
  return out;
}

/** A field value for a message: JSON, shortened; absent says so. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
