import type { CloudClassVersion, CloudResource, Diagnostic } from '@platter/model';

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
