import type { SecretInput } from './common';
import { specOf, type ChangeRequest } from './kinds';

/**
 * A request's secrets, read and replaced through its kind's secrets lens
 * (`RequestKindSpec.secrets`): what sealing (gitops-repo), redaction (here),
 * the preview's placeholders (platter-backend) and the action's task-secret
 * mapping (the scaffolder module) go through. No kind is named here.
 */

/** The secrets a request carries, in order; none for a kind without a secrets lens. */
export function secretsOf(request: ChangeRequest): SecretInput[] {
  const lens = specOf(request.kind).secrets;
  if (!lens) return [];
  const carried = (request as unknown as Record<string, unknown>)[lens.field] as SecretInput | SecretInput[];
  return lens.field === 'secrets' ? [...(carried as SecretInput[])] : [carried as SecretInput];
}

/**
 * The request with its secrets replaced by `secrets` (as many as `secretsOf`
 * gave, in the same order). The request itself for a kind without secrets.
 */
export function withSecrets<T extends ChangeRequest>(request: T, secrets: readonly SecretInput[]): T {
  const lens = specOf(request.kind).secrets;
  if (!lens) return request;
  if (lens.field === 'secret') {
    if (secrets.length !== 1)
      throw new TypeError(`internal: ${request.kind} carries one secret, not ${secrets.length}`);
    return { ...request, secret: secrets[0] };
  }
  return { ...request, [lens.field]: [...secrets] };
}

/** The environment whose files hold the request's secrets, for a kind that carries them. */
export function secretsEnvOf(request: ChangeRequest): string | undefined {
  return specOf(request.kind).secrets?.env(request);
}

/**
 * The age recipients the request itself names for its secrets (CreateEnvironment
 * brings its cluster's keys); undefined when they are platter.yaml's for
 * `secretsEnvOf(request)`, or the kind carries no secrets.
 */
export function ownRecipientsOf(request: ChangeRequest): readonly string[] | undefined {
  return specOf(request.kind).secrets?.recipients?.(request);
}

/**
 * The request without secret material: plaintext values and sealed files give
 * way to the key names. What plans, task outputs and commit messages carry.
 */
export function redactRequest<T extends ChangeRequest>(request: T): T {
  if (!specOf(request.kind).secrets) return request;
  return withSecrets(request, secretsOf(request).map(redactSecret));
}

const redactSecret = (s: SecretInput): SecretInput => ({
  name: s.name,
  ...(s.namespace ? { namespace: s.namespace } : {}),
  keys: [...(s.keys ?? Object.keys(s.values ?? {}))].sort(),
});
