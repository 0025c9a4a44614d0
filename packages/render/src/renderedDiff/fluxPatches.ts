import { applyJsonPatch } from '../parse/jsonPatch';
import { parseYamlValues } from '../yaml';

/**
 * A Flux Kustomization's `spec.patches`, applied the way kustomize-controller does
 * after building `spec.path` with `spec.components`: each patch is JSON6902 (a list
 * of operations, with a `target`) or a strategic-merge document (its target is
 * `target`, or the object with the patch's kind and name). What Platter writes there
 * are stage Helm values (strategic merge on the HelmRelease). A patch that does not
 * apply is skipped here: validation reports it (PatchDoesNotApply, MissingPatchTarget).
 *
 * The strategic merge is the schema-less one kustomize uses for custom resources:
 * maps merge, `null` deletes, lists are replaced except lists of named maps, which
 * merge by name.
 */
export function applyFluxPatches<T extends { kind: string; name: string; namespace?: string; value: Readonly<Record<string, unknown>> }>(
  objects: readonly T[],
  patches: unknown,
): T[] {
  const out = [...objects];
  if (!Array.isArray(patches)) return out;
  for (const p of patches) {
    if (!p || typeof p !== 'object' || typeof (p as any).patch !== 'string') continue;
    let docs: unknown[];
    try {
      docs = parseYamlValues((p as any).patch);
    } catch {
      continue;
    }
    const target = (p as any).target as Record<string, unknown> | undefined;
    if (Array.isArray(docs[0])) {
      if (!target) continue;
      const ops = docs[0] as unknown[];
      for (let i = 0; i < out.length; i++) {
        const o = out[i]!;
        if (!selects(target, o)) continue;
        const result = applyJsonPatch(o.value, ops);
        if (result.value && typeof result.value === 'object') out[i] = { ...o, value: result.value as Record<string, unknown> };
      }
      continue;
    }
    for (const doc of docs) {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) continue;
      const patch = doc as Record<string, any>;
      const t = target ?? { kind: patch.kind, name: patch.metadata?.name, namespace: patch.metadata?.namespace };
      const { apiVersion: _a, kind: _k, ...rest } = patch;
      if (rest.metadata && typeof rest.metadata === 'object' && !target) {
        const { name: _n, namespace: _ns, ...metadata } = rest.metadata;
        rest.metadata = metadata;
      }
      for (let i = 0; i < out.length; i++) {
        const o = out[i]!;
        if (selects(t, o)) out[i] = { ...o, value: strategicMerge(o.value, rest) as Record<string, unknown> };
      }
    }
  }
  return out;
}

/** kustomize's patch target: each given field is an anchored regular expression. */
function selects(target: Record<string, unknown>, o: { kind: string; name: string; namespace?: string }): boolean {
  const match = (pattern: unknown, value: string | undefined) => {
    if (typeof pattern !== 'string' || pattern === '') return true;
    try {
      return new RegExp(`^(?:${pattern})$`).test(value ?? '');
    } catch {
      return pattern === value;
    }
  };
  return match(target.kind, o.kind) && match(target.name, o.name) && match(target.namespace, o.namespace);
}

function strategicMerge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(base)) return patch;
    const named = (xs: unknown[]) => xs.length > 0 && xs.every((x) => x && typeof x === 'object' && typeof (x as any).name === 'string');
    if (!named(patch) || !named(base)) return patch;
    const out = [...base];
    for (const item of patch as Record<string, any>[]) {
      const at = out.findIndex((x) => (x as any).name === item.name);
      if (at >= 0) out[at] = strategicMerge(out[at], item);
      else out.push(item);
    }
    return out;
  }
  if (!patch || typeof patch !== 'object') return patch;
  if (!base || typeof base !== 'object' || Array.isArray(base)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete out[key];
    else out[key] = strategicMerge(out[key], value);
  }
  return out;
}
