import type { Lifecycle, Located } from '../fleet';

/**
 * Cloud resource classes (issue 21, DESIGN §6): the menu's cloud side. The
 * platform team releases a class version (`s3-bucket 1.0.0`) the way it
 * releases a runtime component version: immutable once released, with the same
 * lifecycle (deprecate, sunset). A tenant asks for a resource of a class
 * (AddCloudResource) and the object lands in its app's own path.
 */

/** What happens to the cloud resource when its object is removed from Git. */
export type DeletionPolicy = 'Orphan' | 'Delete';

/**
 * A Crossplane class: the platform owns the CompositeResourceDefinition
 * (`apiextensions.crossplane.io`) and its Composition; the class writes the
 * claim (namespaced) that the XRD offers.
 */
export interface CrossplaneBackend {
  readonly type: 'crossplane';
  /** The claim's apiVersion (`platform.example.org/v1alpha1`): the XRD's group and version. */
  readonly apiVersion: string;
  /** The claim kind the XRD names (`claimNames.kind`). */
  readonly kind: string;
  /** The Composition the claim selects (the platform's). */
  readonly compositionRef: string;
}

/**
 * A Flux Terraform controller class (`infra.contrib.fluxcd.io` `Terraform`): a
 * Terraform module, by default a directory of this repository that the
 * tenant's `platter` GitRepository already reaches.
 */
export interface TerraformBackend {
  readonly type: 'terraform';
  /** The module's directory in the source (`./cloud/postgres/2.1.0/module`). */
  readonly path: string;
  /** The source holding the module; absent: the tenant's `platter` GitRepository. */
  readonly sourceRef?: { readonly kind: string; readonly name: string };
  /** How often the controller reconciles (`10m`). */
  readonly interval: string;
}

export type CloudBackend = CrossplaneBackend | TerraformBackend;

/** What a stage allows of a class. */
export interface CloudStagePolicy {
  /**
   * A JSON schema the parameters (defaults applied) must also satisfy in this
   * stage (`{ properties: { backups: { const: true } } }`): outside it the
   * request is refused (CloudParameterOutOfLimits).
   */
  readonly limits?: Readonly<Record<string, unknown>>;
  /** A tenant's request lands directly only when false (the default); true sends it to platform review. */
  readonly review: boolean;
  /** The deletionPolicy a new resource gets in this stage (default Orphan: nothing is lost by a removal). */
  readonly deletionPolicy: DeletionPolicy;
}

/** A released version of a cloud resource class: `cloud/<class>/<version>/class.yaml`. */
export interface CloudClassVersion extends Located {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly backend: CloudBackend;
  /** JSON schema (an object schema) of the parameters, with defaults. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /**
   * Stages the class may be requested in, by name; a stage that is not listed
   * sends the request to review with no limits but the schema's.
   */
  readonly stages: Readonly<Record<string, CloudStagePolicy>>;
  /** The keys of the connection Secret the resource publishes (what the app mounts). */
  readonly outputs: readonly string[];
  readonly lifecycle: Lifecycle;
}

/** A resource of a class an app has in one stage or env (read from the app's overlay). */
export interface CloudResource {
  readonly name: string;
  readonly app: string;
  readonly namespace: string;
  readonly stage?: string;
  readonly env?: string;
  readonly class: string;
  readonly version: string;
  readonly backend: CloudBackend['type'];
  /** The Secret (in the app's namespace) holding the outputs. */
  readonly connectionSecret: string;
  readonly deletionPolicy: DeletionPolicy;
  /** The file the object lives in. */
  readonly path: string;
}
