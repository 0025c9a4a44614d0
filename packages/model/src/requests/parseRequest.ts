import { diagnostic, RequestRejected, type Diagnostic } from '../errors';
import { hashValue } from '../digest';
import { changeRequestSchema, REQUEST_KINDS, type ChangeRequest } from './index';
import type { SecretInput } from './common';

/**
 * Parses a request from untrusted input (a YAML file, a form, an action's input):
 * shape first (InvalidRequest naming each field), then the cross-field rules the
 * schema cannot say. Names and references are checked later, by the planner,
 * against the repository.
 */
export function parseRequest(input: unknown): ChangeRequest {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(REQUEST_KINDS as string[]).includes(kind)) {
    throw new RequestRejected([
      diagnostic('InvalidRequest', `kind ${JSON.stringify(kind)} is not a request kind (known: ${REQUEST_KINDS.join(', ')})`, 'kind'),
    ]);
  }
  const deep = Object.entries(input as object).find(([, v]) => nestsDeeperThan(v, MAX_REQUEST_DEPTH - 1));
  if (deep) {
    throw new RequestRejected([diagnostic('InvalidRequest', `${kind}: ${deep[0]} nests deeper than ${MAX_REQUEST_DEPTH} levels`, deep[0])]);
  }
  const result = changeRequestSchema.safeParse(input);
  if (!result.success) {
    throw new RequestRejected(
      result.error.issues.map((i) => diagnostic('InvalidRequest', `${kind}: ${i.path.join('.') || 'request'}: ${i.message}`, i.path.join('.') || undefined)),
    );
  }
  const request = result.data;
  const problems: Diagnostic[] = [];
  if (request.kind === 'EnableAddon' || request.kind === 'DisableAddon' || request.kind === 'SetConfig') {
    if ((request.stage === undefined) === (request.env === undefined)) {
      problems.push(diagnostic('InvalidRequest', `${request.kind}: give exactly one of stage or env`, request.stage === undefined ? 'stage' : 'env'));
    }
  }
  if (request.kind === 'SetConfig' && Object.keys(request.set).length === 0 && request.unset.length === 0) {
    problems.push(diagnostic('InvalidRequest', 'SetConfig: nothing to set or unset', 'set'));
  }
  for (const s of secretsOf(request)) {
    if (s.values === undefined && s.sealed === undefined) problems.push(diagnostic('InvalidRequest', `secret "${s.name}" has no values`, 'secrets'));
    if (s.values !== undefined && s.sealed !== undefined) problems.push(diagnostic('InvalidRequest', `secret "${s.name}" has both values and a sealed file`, 'secrets'));
  }
  if (problems.length) throw new RequestRejected(problems);
  return request;
}

/**
 * How deep a request may nest, Helm values included. Platter reads its files back
 * with js-yaml, which stops at 100 levels per file (a HelmRelease puts values 3
 * deep), and deeper input would overflow the stack of every recursive walk
 * (hashing, rendering) instead of being rejected.
 */
export const MAX_REQUEST_DEPTH = 64;

/** Whether `value` has objects or arrays nested more than `max` levels (stops looking there: no deep recursion). */
function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max <= 0) return true;
  return Object.values(value).some((v) => nestsDeeperThan(v, max - 1));
}

/** The secrets a request carries (CreateEnvironment, SetSecret). */
export function secretsOf(request: ChangeRequest): SecretInput[] {
  if (request.kind === 'CreateEnvironment') return request.secrets;
  if (request.kind === 'SetSecret') return [request.secret];
  return [];
}

/**
 * The request without secret material: plaintext values and sealed files give
 * way to the key names. What plans, task outputs and commit messages carry.
 */
export function redactRequest<T extends ChangeRequest>(request: T): T {
  const redact = (s: SecretInput): SecretInput => ({
    name: s.name,
    ...(s.namespace ? { namespace: s.namespace } : {}),
    keys: [...(s.keys ?? Object.keys(s.values ?? {}))].sort(),
  });
  if (request.kind === 'CreateEnvironment') return { ...request, secrets: request.secrets.map(redact) };
  if (request.kind === 'SetSecret') return { ...request, secret: redact(request.secret) };
  return request;
}

/**
 * Identity of a request for idempotency (the `Platter-Request` commit trailer):
 * a hash of the redacted request, so a retry is recognised and no secret value
 * is ever hashed into a commit.
 */
export const requestHash = (request: ChangeRequest): string => hashValue(redactRequest(request), 16);

/** What a request is about, for branch names: `platter/<kind>/<subject>`. */
export function requestSubject(r: ChangeRequest): string {
  switch (r.kind) {
    case 'CreateEnvironment':
    case 'DeleteEnvironment':
    case 'OnboardTenant':
    case 'OffboardTenant':
    case 'OnboardApp':
    case 'OffboardApp':
    case 'AddRuntimeService':
      return r.name;
    case 'EnableAddon':
    case 'DisableAddon':
      return `${r.service}-${r.addon}-${r.stage ?? r.env}`;
    case 'AddComponentToStage':
    case 'RemoveComponentFromStage':
    case 'UpgradeComponent':
      return `${r.stage}-${r.service}`;
    case 'PromoteApp':
    case 'Rollback':
      return r.app;
    case 'SetConfig':
      return (r.stage ?? r.env)!;
    case 'SetSecret':
      return `${r.env}-${r.secret.name}`;
    case 'ReleaseComponentVersion':
    case 'DeprecateComponentVersion':
    case 'RemoveComponentVersion':
      return `${r.service}-${r.version}`;
  }
}

const where = (t: { stage?: string; env?: string }) => (t.stage !== undefined ? `stage ${t.stage}` : `env ${t.env}`);

/** One line saying what was requested: the commit subject and the CLI's headline. */
export function describeRequest(r: ChangeRequest): string {
  switch (r.kind) {
    case 'CreateEnvironment':
      return `Create environment ${r.name} in stage ${r.stage}`;
    case 'DeleteEnvironment':
      return `Delete environment ${r.name}`;
    case 'OnboardTenant':
      return `Onboard tenant ${r.name} into ${r.stages.join(', ')}`;
    case 'OffboardTenant':
      return `Offboard tenant ${r.name}${r.stages ? ` from ${r.stages.join(', ')}` : ''}`;
    case 'OnboardApp':
      return `Onboard app ${r.name} (${r.tenant}) ${r.version} to ${r.targets.map(where).join(', ')}`;
    case 'OffboardApp':
      return `Offboard app ${r.name}${r.targets ? ` from ${r.targets.map(where).join(', ')}` : ''}`;
    case 'EnableAddon':
      return `Enable ${r.service} addon ${r.addon} for ${where(r)}`;
    case 'DisableAddon':
      return `Disable ${r.service} addon ${r.addon} for ${where(r)}`;
    case 'AddComponentToStage':
      return `Add ${r.service}${r.version ? ` ${r.version}` : ''} to stage ${r.stage}`;
    case 'RemoveComponentFromStage':
      return `Remove ${r.service} from stage ${r.stage}`;
    case 'PromoteApp':
      return `Promote ${r.app}${r.version ? ` ${r.version}` : ''} to ${r.to.map(where).join(', ')}`;
    case 'Rollback':
      return `Roll back ${r.app} to ${r.version} in ${where(r.target)}`;
    case 'SetConfig':
      return `Set config of ${where(r)}: ${[...Object.keys(r.set), ...r.unset.map((k) => `-${k}`)].join(', ')}`;
    case 'SetSecret':
      return `${r.rotate ? 'Rotate' : 'Set'} secret ${r.secret.name} of env ${r.env}`;
    case 'AddRuntimeService':
      return `Add runtime service ${r.name} ${r.version} to the menu`;
    case 'ReleaseComponentVersion':
      return `Release ${r.service} ${r.version} (from ${r.from})`;
    case 'DeprecateComponentVersion':
      return `Deprecate ${r.service} ${r.version}${r.sunset ? ` (sunset ${r.sunset})` : ''}`;
    case 'RemoveComponentVersion':
      return `Remove ${r.service} ${r.version} from the menu`;
    case 'UpgradeComponent':
      return `Upgrade ${r.service} to ${r.version} in stage ${r.stage}`;
  }
}
