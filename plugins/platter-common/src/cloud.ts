import type { CloudClassVersion, CloudResource, CloudStagePolicy, Diagnostic } from '@platter/model';

/**
 * The cloud routes' answers (issue 21): the classes of the menu (`GET /cloud/classes`)
 * and an app's cloud resources per stage and env (`GET /cloud/resources?app=`).
 */
export interface CloudClassesResponse {
  readonly commit: string;
  /** By class, then ascending version. */
  readonly classes: readonly CloudClassVersion[];
  /** Class files that do not parse (InvalidCloudClass). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface CloudResourcesResponse {
  readonly commit: string;
  readonly app: string;
  /** By stage or env, then name. */
  readonly resources: readonly CloudResource[];
}

/**
 * One class version as a form asks for it (`GET /cloud/classes/<class>?version=&target=`): the class
 * (the named version, else its newest stable one), the stage the target is in, and what the form shows:
 * the parameter schema with the stage's limits folded in (cloudParameterSchema) and the stage's policy.
 */
export interface CloudClassResponse {
  readonly commit: string;
  readonly class: CloudClassVersion;
  /** The target's stage (a stage, or an env's stage); absent without a target. */
  readonly stage?: string;
  readonly schema: Readonly<Record<string, unknown>>;
  /** What the stage allows of the class (an unlisted stage: review, Orphan); absent without a target. */
  readonly policy?: CloudStagePolicy & { readonly listed: boolean };
}
