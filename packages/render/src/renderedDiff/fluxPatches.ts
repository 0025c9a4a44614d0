import { applyPatches, type BuiltObject } from '../parse/kustomizeWalk';

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
export function applyFluxPatches<
  T extends { kind: string; name: string; namespace?: string; value: Readonly<Record<string, unknown>> },
>(objects: readonly T[], patches: unknown): T[] {
  const out = [...objects];
  // The walker's patch rules, one place for them; what does not apply is validation's to report.
  if (Array.isArray(patches)) applyPatches(out as unknown as BuiltObject[], patches, 'spec.patches');
  return out;
}
