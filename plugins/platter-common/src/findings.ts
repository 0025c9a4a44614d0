import type { Diagnostic, ErrorCode } from '@platter/model';

/**
 * Findings as the plan route returns them when it refuses a request (issue 23
 * item 1): data a form can place next to its fields, never a stack trace nor a
 * server path. `field` is the request field the finding concerns (top level:
 * `name`, `version`, `targets`), when one can be named; `path` the repository
 * path a finding about the repository names; `fix` says what to do.
 */
export interface PlanFinding {
  readonly code: ErrorCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly field?: string;
  readonly path?: string;
  readonly fix?: string;
}

/**
 * Body of a refused `POST /api/platter/plan` (status 400, 403 or 409): Backstage's
 * error shape without its stack and cause (`error.name`, `error.message`,
 * `response.statusCode`), plus every finding.
 */
export interface PlanRejectionBody {
  readonly error: { readonly name: string; readonly message: string };
  /** As in Backstage's ErrorResponseBody, so its ResponseError reads the body. */
  readonly response: { readonly statusCode: number };
  readonly findings: readonly PlanFinding[];
}

/**
 * What a user does about a code, for the codes a request can meet. Codes that
 * only the repository's maintainers meet (broken trees) have none: the message
 * says what is wrong, and the platform team fixes the repository.
 */
const FIXES: Partial<Record<ErrorCode, string>> = {
  InvalidName: 'Use lower-case letters, digits and "-", starting with a letter (at most 63 characters).',
  ReservedName: 'Choose another name: this one is reserved.',
  ReservedNamespace: 'Choose another name: its namespace is reserved.',
  NamespaceCollision: 'Choose another name: its namespace is already used.',
  DuplicateName: 'Choose a name that is not used yet.',
  InvalidRequest: 'Fill in the field as its description says.',
  InvalidSemVer: 'Give a SemVer version such as 1.2.0 (no "v", no "latest").',
  PrereleaseNotAllowed: 'Choose a release version: this stage does not take prereleases.',
  Downgrade: 'Choose a version newer than the one running, or request a rollback.',
  SunsetVersion: 'Choose a version that is not past its sunset date.',
  DeprecatedVersion: 'Prefer a newer version: this one is deprecated.',
  UnknownStage: 'Choose one of the stages listed.',
  UnknownEnvironment: 'Choose one of the environments listed.',
  UnknownApp: 'Choose one of your apps.',
  UnknownTenant: 'Choose a team that owns a tenant.',
  TenantNotInStage: 'Choose a stage your team is in, or ask the platform team to add it.',
  UnknownRuntimeService: 'Choose a component from the menu.',
  UnknownComponentVersion: 'Choose a released version of the component.',
  UnknownAddon: 'Choose an addon the chosen version offers.',
  UnknownDependency: 'Choose runtime components from the menu.',
  AddonConflict: 'Remove one of the conflicting addons.',
  AddonIncompatible: 'Choose another addon, or a version that offers it.',
  AppNotDeployed: 'Deploy the app there first.',
  AlreadyExists: 'Nothing to request: it exists already. Choose another name to create a new one.',
  AlreadyAbsent: 'Nothing to request: it is not there.',
  ComponentVersionExists: 'Choose a version number that is not released yet.',
  ComponentVersionInUse: 'Move the stages and environments off this version first.',
  SecretNeeded: 'Set the secret values the component needs in this environment.',
  MissingConfigKey: 'Give a value for every config key the environment needs.',
  MissingSecretKey: 'Give a value for every secret key the environment needs.',
  InvalidVariableName: 'Use letters, digits and "_", starting with a letter or "_".',
  CredentialsInUrl: 'Remove the user name and password from the URL: use a secret.',
  Forbidden: 'Ask your team or the platform team: this is not yours to change.',
  Conflict: 'Refresh the preview: the repository changed meanwhile.',
};

/** Request fields a code is usually about, most likely first (when the finding names no field of the request). */
const FIELDS_OF: Partial<Record<ErrorCode, readonly string[]>> = {
  InvalidName: ['name'],
  DuplicateName: ['name'],
  AlreadyExists: ['name'],
  ReservedName: ['name'],
  NamespaceCollision: ['name'],
  InvalidSemVer: ['version'],
  PrereleaseNotAllowed: ['version'],
  Downgrade: ['version'],
  SunsetVersion: ['version'],
  DeprecatedVersion: ['version'],
  UnknownComponentVersion: ['version'],
  ComponentVersionExists: ['version'],
  // A plan's Conflict is about what the requester saw: the version running at the target.
  Conflict: ['version'],
  UnknownStage: ['stage', 'targets', 'target'],
  UnknownEnvironment: ['env', 'targets', 'target'],
  TenantNotInStage: ['targets', 'stage', 'tenant'],
  AppNotDeployed: ['target', 'targets', 'app'],
  UnknownApp: ['app'],
  UnknownTenant: ['tenant'],
  UnknownRuntimeService: ['service'],
  UnknownDependency: ['dependsOn'],
  UnknownAddon: ['addon', 'addons'],
  AddonConflict: ['addons', 'addon'],
  AddonIncompatible: ['addons', 'addon'],
  MissingConfigKey: ['config'],
  MissingSecretKey: ['secrets'],
  SecretNeeded: ['secrets'],
};

/** What to do about a code, when Platter knows. */
export const fixOf = (code: ErrorCode): string | undefined => FIXES[code];

/**
 * The request field a diagnostic concerns: its path when that names a field of
 * the request (`name`, `source.image`, `targets.0.stage` -> `source`, `targets`),
 * else the first field the code is usually about that the request has.
 */
export function requestFieldOf(d: Diagnostic, request: Readonly<Record<string, unknown>>): string | undefined {
  const head = d.path?.split(/[.#[]/)[0];
  if (head && !d.path!.includes('/') && Object.prototype.hasOwnProperty.call(request, head)) return head;
  return FIELDS_OF[d.code]?.find((f) => Object.prototype.hasOwnProperty.call(request, f));
}

/** A diagnostic as a finding: its field in the request, its repository path (not a request field), and the fix. */
export function toPlanFinding(d: Diagnostic, request: Readonly<Record<string, unknown>>): PlanFinding {
  const field = requestFieldOf(d, request);
  const fix = fixOf(d.code);
  const repositoryPath = d.path && d.path.split(/[.#[]/)[0] !== field ? d.path : undefined;
  return {
    code: d.code,
    severity: d.severity,
    message: shortMessage(d, request.kind),
    ...(field ? { field } : {}),
    ...(repositoryPath ? { path: repositoryPath } : {}),
    ...(fix ? { fix } : {}),
  };
}

/**
 * The request parser's messages start with the kind and the field's path
 * (`OnboardApp: name: "X" is ...`), which the CLI needs; next to the field in a
 * form they are noise.
 */
function shortMessage(d: Diagnostic, kind: unknown): string {
  let message = d.message;
  if (typeof kind === 'string' && message.startsWith(`${kind}: `)) message = message.slice(kind.length + 2);
  if (d.path && message.startsWith(`${d.path}: `)) message = message.slice(d.path.length + 2);
  return message;
}
