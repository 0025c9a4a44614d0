import type { Diagnostic } from '@platter/model';

/** Which object: what `kubectl get <kind> -n <namespace> <name>` names (the API group is in apiVersion). */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * One object Flux would apply in an env, as built statically (see buildEnvironment):
 * after kustomize, the Flux Kustomization's patches, targetNamespace and postBuild
 * substitution. Secret values never appear: a Secret's data shows its keys only.
 */
export interface RenderedObject extends ObjectRef {
  /** `<group>/<kind>/<namespace>/<name>` (objectId): one per object in an env. */
  readonly id: string;
  /** The repository file that declares it. */
  readonly file: string;
  /** The Flux Kustomization that applies it, `<namespace>/<name>` (the env root: `flux-system/flux-system`). */
  readonly appliedBy: string;
  /** Whether Flux deletes it from the cluster when it disappears from the build (prune on, not disabled). */
  readonly prune: boolean;
  readonly value: Readonly<Record<string, unknown>>;
}

/** The objects one Flux Kustomization applies in an env (or the env root, `flux-system/flux-system`). */
export interface BuildUnit {
  /** The Flux Kustomization, `<namespace>/<name>`. */
  readonly appliedBy: string;
  /** The file that declares it (the env's kustomization.yaml for the root). */
  readonly file: string;
  /**
   * What its objects are made from (the build's content, prune, the values of the
   * variables it substitutes); equal signatures mean equal objects. None for the root.
   */
  readonly signature?: string;
  /** Its objects (made when called), each with its `kind/namespace/name` key. */
  readonly objects: () => readonly { readonly key: string; readonly object: RenderedObject }[];
}

/** A postBuild `substituteFrom` Secret a Flux Kustomization reads, and the variables its build uses. */
export interface SecretSubstitution {
  /** The Flux Kustomization, `<namespace>/<name>`. */
  readonly kustomization: string;
  readonly file: string;
  readonly secret: { readonly namespace: string; readonly name: string };
  /** Variable names the build of that Kustomization uses (`${name}`), sorted. */
  readonly used: readonly string[];
}

/** What Flux would apply in one env. */
export interface RenderedEnvironment {
  readonly env: string;
  /** What each Flux Kustomization applies, root first, in the order Flux finds them. */
  readonly units: readonly BuildUnit[];
  /** Every object by id, in build order (the first unit to apply an id wins). */
  readonly objects: ReadonlyMap<string, RenderedObject>;
  readonly substitutions: readonly SecretSubstitution[];
}

/** One changed field of a changed object: its path (`spec.selector.matchLabels["app"]`) and values. */
export interface FieldChange {
  readonly op: 'add' | 'remove' | 'change';
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ObjectChange {
  readonly op: 'add' | 'remove' | 'change';
  readonly id: string;
  readonly object: ObjectRef;
  /** The file that declares it (after the change; before it for a removal). */
  readonly file: string;
  /** The Flux Kustomization that applies it (`<namespace>/<name>`). */
  readonly appliedBy: string;
  /** The changed fields (a changed object only), in path order. */
  readonly fields: readonly FieldChange[];
}

/** A danger finding: a Diagnostic with a DANGER_CODES code, and the object it is about. */
export interface DangerFinding extends Diagnostic {
  readonly object: ObjectRef;
}

/** The rendered diff of one env. */
export interface EnvironmentDiff {
  readonly changes: readonly ObjectChange[];
  readonly dangers: readonly DangerFinding[];
}

/** Envs whose rendered diff is identical ("the same change in 203 envs of stage prod"). */
export interface RenderedDiffGroup {
  /** Sorted env names. */
  readonly environments: readonly string[];
  /** The stages of those envs, sorted. */
  readonly stages: readonly string[];
  readonly changes: readonly ObjectChange[];
  readonly dangers: readonly DangerFinding[];
}

/**
 * A plan's rendered diff: per affected env, the objects Flux would apply before and
 * after the change, as object changes, grouped where identical. Groups with danger
 * findings come first, then the largest. Envs the change reaches whose rendered
 * objects do not change are listed in `unchanged`.
 */
export interface RenderedDiff {
  readonly groups: readonly RenderedDiffGroup[];
  readonly unchanged: readonly string[];
}
