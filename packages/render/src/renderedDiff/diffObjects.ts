import diff from 'microdiff';
import { objectId, type BuiltObject } from '../parse/kustomizeWalk';
import { isBuiltUnit, type Unit } from './buildEnvironment';
import type { BuildUnit, FieldChange, ObjectChange, ObjectRef, RenderedEnvironment, RenderedObject } from './types';

/**
 * The object-level diff of two builds of one env (either may be absent: an env
 * created or deleted): objects added, removed and changed, by id; per changed
 * object the changed fields (microdiff: maps by key, lists by index), with their
 * values before and after. Objects the two builds share by reference (unchanged
 * files, shared walks), or built from equal Flux builds with equal variables
 * (equal signatures), are skipped without comparing.
 */
export function diffObjects(
  before: RenderedEnvironment | undefined,
  after: RenderedEnvironment | undefined,
): ObjectChange[] {
  return compareObjects(before, after).changes;
}

/** diffObjects, with the objects it compared (those of the units that differ) by id. */
export function compareObjects(
  before: RenderedEnvironment | undefined,
  after: RenderedEnvironment | undefined,
): {
  changes: ObjectChange[];
  before: ReadonlyMap<string, RenderedObject>;
  after: ReadonlyMap<string, RenderedObject>;
} {
  const out: ObjectChange[] = [];
  const [was, is] = comparedObjects(before, after);
  for (const [id, b] of was) {
    const a = is.get(id);
    if (!a) out.push({ op: 'remove', id, object: refOf(b), file: b.file, appliedBy: b.appliedBy, fields: [] });
    else if (a.value !== b.value) {
      const fields = fieldChanges(b.value, a.value);
      if (fields.length) out.push({ op: 'change', id, object: refOf(a), file: a.file, appliedBy: a.appliedBy, fields });
    }
  }
  for (const [id, a] of is)
    if (!was.has(id)) out.push({ op: 'add', id, object: refOf(a), file: a.file, appliedBy: a.appliedBy, fields: [] });
  return { changes: out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)), before: was, after: is };
}

/**
 * The objects of the units whose signatures differ (or that one side lacks): a unit
 * with equal signatures on both sides applies equal objects, so it is skipped
 * without making them. Of the others, an id whose first object is the same built
 * object on both sides, or one of the same value and id (`equivalent`), cannot
 * change, so it is left out unmade too: an env's root is rebuilt by a change to
 * its stage, yet almost all of its objects are those of the walk before.
 */
function comparedObjects(
  before: RenderedEnvironment | undefined,
  after: RenderedEnvironment | undefined,
): [Map<string, RenderedObject>, Map<string, RenderedObject>] {
  // Which units are the same on both sides (by Flux Kustomization, each once per env): matched in order while
  // the two sides list the same ones (two builds of an env mostly do), the rest by name.
  const [bu, au] = [before?.units ?? [], after?.units ?? []];
  const sameBefore: boolean[] = new Array<boolean>(bu.length).fill(false);
  const sameAfter: boolean[] = new Array<boolean>(au.length).fill(false);
  const match = (i: number, j: number) => {
    const [b, a] = [bu[i]!, au[j]!];
    const same =
      isBuiltUnit(b) && isBuiltUnit(a) ? b.sameAs(a) : a.signature !== undefined && b.signature === a.signature;
    if (same) sameBefore[i] = sameAfter[j] = true;
  };
  let k = 0;
  for (; k < bu.length && k < au.length && bu[k]!.appliedBy === au[k]!.appliedBy; k++) match(k, k);
  if (k < bu.length && k < au.length) {
    const rest = new Map<string, number>();
    for (let i = k; i < bu.length; i++) rest.set(bu[i]!.appliedBy, i);
    for (let j = k; j < au.length; j++) {
      const i = rest.get(au[j]!.appliedBy);
      if (i !== undefined) match(i, j);
    }
  }
  // Each id's first object (the first unit to apply an id wins, as in RenderedEnvironment.objects).
  type First =
    { readonly object: RenderedObject } | { readonly unit: Unit; readonly i: number; readonly built: BuiltObject };
  // The env roots (first units, never skipped) are walks of about 300 objects in the 1,000-env fleet, and after
  // a change to the stage almost all of them are equivalent objects in the same order on both sides. An object
  // shared so cannot change; nor can an id whose every object is shared so: it is first met in the same pair
  // on both sides, of the same value. Only the ids of the other objects ("open": the roots' objects not shared
  // so, and every object of the other units compared) are worked out and collected; a shared root object
  // joins them only when its id is open (found by name first, no id made otherwise).
  const [rb, ra] = [before?.units[0], after?.units[0]];
  const roots =
    rb && ra && isBuiltUnit(rb) && isBuiltUnit(ra) && rb.appliedBy === ra.appliedBy && !sameBefore[0]
      ? { before: rb.built(), after: ra.built() }
      : undefined;
  // The roots' objects matched from the start and from the end while equivalent: a change adds or removes a
  // few objects (a new app's or addon's Flux Kustomization) somewhere among the same ones. The pairs keep
  // their order on both sides, so an id met only in pairs is first met in the same pair on both sides.
  // The roots' shared objects: those before `start` and from `endBefore` / `endAfter` on.
  let shared: { readonly start: number; readonly endBefore: number; readonly endAfter: number } | undefined;
  let open: { readonly ids: Set<string>; readonly names: Set<string> } | undefined;
  if (roots) {
    const [b, a] = [roots.before, roots.after];
    let p = 0;
    while (p < b.length && p < a.length && equivalent(b[p]!, a[p]!)) p++;
    let q = 0;
    while (q < b.length - p && q < a.length - p && equivalent(b[b.length - 1 - q]!, a[a.length - 1 - q]!)) q++;
    shared = { start: p, endBefore: b.length - q, endAfter: a.length - q };
    const ids = new Set<string>();
    const names = new Set<string>();
    const add = (o: BuiltObject) => {
      ids.add(objectId(o));
      names.add(o.name);
    };
    for (let i = p; i < b.length - q; i++) add(b[i]!);
    for (let i = p; i < a.length - q; i++) add(a[i]!);
    for (const [units, same] of [
      [bu, sameBefore],
      [au, sameAfter],
    ] as const)
      for (let n = 1; n < units.length; n++) {
        const u = units[n]!;
        if (same[n]) continue;
        if (isBuiltUnit(u)) for (const o of u.built()) add(o);
        else
          for (const { object } of u.objects()) {
            ids.add(object.id);
            names.add(object.name);
          }
      }
    open = { ids, names };
  }
  const collect = (units: readonly BuildUnit[], same: readonly boolean[], sharedEnd: number) => {
    const out = new Map<string, First>();
    const start = shared?.start ?? 0;
    for (let n = 0; n < units.length; n++) {
      const u = units[n]!;
      if (same[n]) continue;
      if (isBuiltUnit(u)) {
        const objects = u.built();
        for (let i = 0; i < objects.length; i++) {
          const o = objects[i]!;
          const sharedRoot = n === 0 && open !== undefined && (i < start || i >= sharedEnd);
          if (sharedRoot && !open!.names.has(o.name)) continue;
          const id = objectId(o);
          if (sharedRoot && !open!.ids.has(id)) continue;
          if (!out.has(id)) out.set(id, { unit: u, i, built: o });
        }
      } else for (const { object } of u.objects()) if (!out.has(object.id)) out.set(object.id, { object });
    }
    return out;
  };
  const [was, is] = [collect(bu, sameBefore, shared?.endBefore ?? 0), collect(au, sameAfter, shared?.endAfter ?? 0)];
  const made = (mine: Map<string, First>, other: Map<string, First>) => {
    const out = new Map<string, RenderedObject>();
    for (const [id, f] of mine) {
      if ('object' in f) out.set(id, f.object);
      else {
        const o = other.get(id);
        if (o && 'built' in o && equivalent(o.built, f.built)) continue;
        out.set(id, f.unit.renderedAt(f.i));
      }
    }
    return out;
  };
  return [made(was, is), made(is, was)];
}

/**
 * Whether two built objects render to the same value under one id: the same
 * object, or the same value (walks share parsed values; a walk after a change
 * wraps many of them anew) with the same id fields. Such a pair cannot be a
 * change: a change needs a field of the values to differ.
 */
const equivalent = (a: BuiltObject, b: BuiltObject) =>
  a === b ||
  (a.value === b.value &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.namespace === b.namespace &&
    a.apiVersion === b.apiVersion);

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
