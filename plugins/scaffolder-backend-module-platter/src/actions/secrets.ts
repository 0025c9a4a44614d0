import { PlatterError, specOf, type RequestKind } from '@platter/model';
import type { z as zod } from 'zod/v3';

/**
 * Secret values reach a request only from the task's secrets (`ctx.secrets`,
 * filled by the template's `ui:field: Secret` fields), never from the action's
 * input: inputs are stored with the task and shown in its log, secrets are not.
 *
 * The action input names them instead, in `secrets` (which request field they
 * fill is the kind's secrets lens, RequestKindSpec.secrets):
 * `{ <Secret name>: { <data key>: <name of a task secret> } }`, e.g.
 * `{ runtime-external-dns: { EXTERNAL_DNS_API_TOKEN: externalDnsToken } }`.
 * For CreateEnvironment this mapping takes the place of the request's `secrets`
 * list (each Secret in the env's default namespace, flux-system); for SetSecret
 * it gives the values of the one `secret` the input names.
 *
 * The values are sealed (encrypted) right after, before anything is planned or
 * written; only the sealed request and redacted plans leave the handler.
 */

/** The input fields that replace a kind's secret-carrying fields (see inputSchema in createPlatterAction.ts). */
export const secretsMappingSchema = (z: typeof zod) =>
  z
    .record(z.string(), z.record(z.string(), z.string()))
    .describe(
      'Secret values, by reference: { <Secret name>: { <data key>: <name of a task secret, from a ui:field Secret form field> } }. Values never go in the input.',
    );

export const secretRefSchema = (z: typeof zod) =>
  z
    .object({
      name: z.string().describe('Name of the Secret'),
      namespace: z.string().optional().describe('Namespace of the Secret (default flux-system)'),
    })
    .strict()
    .describe('The Secret to set; its values come from `secrets` (task secrets), never from the input');

/** Task secrets the scaffolder itself keeps (the user's token, credentials): never a secret value. */
const isReservedTaskSecret = (key: string) => key === 'backstageToken' || key.startsWith('__');

export type SecretsMapping = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * Puts the values of `mapping` (looked up in `taskSecrets`) into the request
 * input of `kind`. InvalidRequest, naming `secrets.<name>.<key>`, when a task
 * secret is missing or empty, or is one the scaffolder reserves.
 */
export function withSecretValues(
  kind: RequestKind,
  request: Record<string, unknown>,
  mapping: SecretsMapping | undefined,
  taskSecrets: Readonly<Record<string, string>> | undefined,
): Record<string, unknown> {
  // Which field carries secrets, one or a list: the kind's secrets lens.
  const field = specOf(kind).secrets?.field;
  if (!field) {
    if (mapping && Object.keys(mapping).length) {
      throw new PlatterError('InvalidRequest', `secrets: ${kind} requests carry no secrets`, 'secrets');
    }
    return request;
  }
  const values = (name: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [key, from] of Object.entries(mapping?.[name] ?? {})) {
      const path = `secrets.${name}.${key}`;
      if (isReservedTaskSecret(from)) {
        throw new PlatterError(
          'InvalidRequest',
          `${path}: task secret "${from}" is the scaffolder's own, not a value for a Secret`,
          path,
        );
      }
      const value = taskSecrets?.[from];
      if (typeof value !== 'string' || value === '') {
        throw new PlatterError(
          'InvalidRequest',
          `${path}: the task has no secret "${from}" (a template form field with ui:field Secret)`,
          path,
        );
      }
      out[key] = value;
    }
    return out;
  };

  if (field === 'secrets') {
    const secrets = Object.keys(mapping ?? {}).map((name) => ({ name, values: values(name) }));
    return { ...request, secrets };
  }
  const secret = request.secret as { name?: unknown } | undefined;
  const name = typeof secret?.name === 'string' ? secret.name : undefined;
  const others = Object.keys(mapping ?? {}).filter((n) => n !== name);
  if (others.length) {
    throw new PlatterError(
      'InvalidRequest',
      `secrets: ${kind} sets one Secret, "${name ?? ''}"; the input also maps ${others.map((n) => `"${n}"`).join(', ')}`,
      'secrets',
    );
  }
  if (!secret || !name || !mapping?.[name]) return request; // parseRequest says what is missing
  return { ...request, secret: { ...secret, values: values(name) } };
}
