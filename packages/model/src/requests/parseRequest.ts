import { diagnostic, RequestRejected, type Diagnostic } from '../errors';
import { hashValue } from '../digest';
import { isWellFormedText } from '../names';
import { changeRequestSchema, isRequestKind, REQUEST_KINDS, specOf, type ChangeRequest } from './kinds';
import { redactRequest, secretsOf } from './secrets';

/**
 * Parses a request from untrusted input (a YAML file, a form, an action's input):
 * shape first (InvalidRequest naming each field), then the cross-field rules the
 * schema cannot say (the kind's `check`, and every secret has values or a sealed
 * file, not both). Names and references are checked later, by the planner,
 * against the repository. Each edge (CLI, action, plan route, publish) calls it
 * once and passes the typed request inward.
 */
export function parseRequest(input: unknown): ChangeRequest {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (!isRequestKind(kind)) {
    throw new RequestRejected([
      diagnostic(
        'InvalidRequest',
        `kind ${JSON.stringify(kind)} is not a request kind (known: ${REQUEST_KINDS.join(', ')})`,
        'kind',
      ),
    ]);
  }
  const deep = Object.entries(input as object).find(([, v]) => nestsDeeperThan(v, MAX_REQUEST_DEPTH - 1));
  if (deep) {
    throw new RequestRejected([
      diagnostic('InvalidRequest', `${kind}: ${deep[0]} nests deeper than ${MAX_REQUEST_DEPTH} levels`, deep[0]),
    ]);
  }
  const malformed = malformedTextAt(input, '');
  if (malformed !== undefined) {
    throw new RequestRejected([
      diagnostic(
        'InvalidRequest',
        `${kind}: ${malformed || 'request'} holds a lone UTF-16 surrogate, which no file can hold (UTF-8): kustomize would fail on it`,
        malformed || undefined,
      ),
    ]);
  }
  const result = changeRequestSchema.safeParse(input);
  if (!result.success) {
    throw new RequestRejected(
      // A field rule may name its code (the name rule: InvalidName); every other shape problem is InvalidRequest.
      result.error.issues.map((i) =>
        diagnostic(
          i.code === 'custom' && i.params?.code === 'InvalidName' ? 'InvalidName' : 'InvalidRequest',
          `${kind}: ${i.path.join('.') || 'request'}: ${i.message}`,
          i.path.join('.') || undefined,
        ),
      ),
    );
  }
  const request = result.data;
  const problems: Diagnostic[] = [...(specOf(request.kind).check?.(request) ?? [])];
  for (const s of secretsOf(request)) {
    if (s.values === undefined && s.sealed === undefined)
      problems.push(diagnostic('InvalidRequest', `secret "${s.name}" has no values`, 'secrets'));
    if (s.values !== undefined && s.sealed !== undefined)
      problems.push(diagnostic('InvalidRequest', `secret "${s.name}" has both values and a sealed file`, 'secrets'));
  }
  if (problems.length) throw new RequestRejected(problems);
  return request;
}

/** The path of the first key or string value that is not well-formed UTF-16 (issue 22 item 8), or undefined. Depth is bounded by the caller. */
function malformedTextAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isWellFormedText(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (!isWellFormedText(k)) return at;
    const found = malformedTextAt(v, at);
    if (found !== undefined) return found;
  }
  return undefined;
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

/**
 * Identity of a request for idempotency (the `Platter-Request` commit trailer):
 * a hash of the redacted request, so a retry is recognised and no secret value
 * is ever hashed into a commit.
 */
export const requestHash = (request: ChangeRequest): string => hashValue(redactRequest(request), 16);

/** What a request is about, for branch names: `platter/<kind>/<subject>` (its kind's `subject`). */
export const requestSubject = (request: ChangeRequest): string => specOf(request.kind).subject(request);

/** One line saying what was requested: the commit subject and the CLI's headline (its kind's `describe`). */
export const describeRequest = (request: ChangeRequest): string => specOf(request.kind).describe(request);
