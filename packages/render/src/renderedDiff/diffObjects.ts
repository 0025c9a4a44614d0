import diff from 'microdiff';
import type { FieldChange, ObjectChange, ObjectRef, RenderedEnvironment, RenderedObject } from './types';

/**
 * The object-level diff of two builds of one env (either may be absent: an env
 * created or deleted): objects added, removed and changed, by id; per changed
 * object the changed fields (microdiff: maps by key, lists by index), with their
 * values before and after. Objects the two builds share by reference (unchanged
 * files, shared walks) are skipped without comparing.
 */
export function diffObjects(before: RenderedEnvironment | undefined, after: RenderedEnvironment | undefined): ObjectChange[] {
  const out: ObjectChange[] = [];
  const was = before?.objects ?? EMPTY;
  const is = after?.objects ?? EMPTY;
  for (const [id, b] of was) {
    const a = is.get(id);
    if (!a) out.push({ op: 'remove', id, object: refOf(b), file: b.file, appliedBy: b.appliedBy, fields: [] });
    else if (a.value !== b.value) {
      const fields = fieldChanges(b.value, a.value);
      if (fields.length) out.push({ op: 'change', id, object: refOf(a), file: a.file, appliedBy: a.appliedBy, fields });
    }
  }
  for (const [id, a] of is) if (!was.has(id)) out.push({ op: 'add', id, object: refOf(a), file: a.file, appliedBy: a.appliedBy, fields: [] });
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Field changes between two values of one object, in path order. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') {
    return before === after ? [] : [{ op: 'change', path: '', before, after }];
  }
  return diff(before as Record<string, unknown>, after as Record<string, unknown>)
    .map((d): FieldChange => {
      const path = formatPath(d.path);
      if (d.type === 'CREATE') return { op: 'add', path, after: d.value };
      if (d.type === 'REMOVE') return { op: 'remove', path, before: d.oldValue };
      return { op: 'change', path, before: d.oldValue, after: d.value };
    })
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** `spec.template.spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

export const refOf = (o: RenderedObject): ObjectRef => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
  name: o.name,
});

/** `Deployment ns/name` or `Namespace name`, for messages. */
export const describeObject = (o: ObjectRef): string => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

const EMPTY: ReadonlyMap<string, RenderedObject> = new Map();
