import { z } from 'zod/v3';
import { diagnostic, type Diagnostic } from '../errors';
import { explainInvalidName, isValidName } from '../names';

/**
 * Building blocks shared by the request schemas. Schemas check shapes only;
 * names, versions and references are checked by the rules, which say what exists.
 */
/**
 * A name (stage, environment, tenant, app, service, addon, namespace, secret):
 * every name of every kind goes through the one name rule (names.ts), here, so
 * no kind can let `shop/prod` through (issue 22 item 4). InvalidName on the field.
 */
export const name = z
  .string()
  .superRefine((value, ctx) => {
    if (!isValidName(value))
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a valid name: ${explainInvalidName(value)}`,
        params: { code: 'InvalidName' },
      });
  })
  .describe('A DNS-1123 label: lower-case letters, digits and "-", at most 63 characters');
export const version = z.string().describe('A SemVer version such as 1.2.3 or 1.3.0-rc.1');
export const ownerRef = z.string().describe('A Backstage entity reference such as group:default/team-a');
export const configData = z.record(z.string(), z.string()).describe('Key/value config; keys are Flux variable names');
export const values = z.record(z.string(), z.unknown()).describe('Helm values');

/** A stage or a single environment. */
export const target = z.union([
  z.object({ stage: name, env: z.undefined().optional() }).strict(),
  z.object({ env: name, stage: z.undefined().optional() }).strict(),
]);
export type { Target } from '../layout';
// The schema parses into the one target type, and every target is one the schema gives.
type SchemaTarget = z.infer<typeof target>;
const _sameTarget: [
  SchemaTarget extends import('../layout').Target ? true : false,
  import('../layout').Target extends SchemaTarget ? true : false,
] = [true, true];
void _sameTarget;

/** Every request may carry an idempotency key (a scaffolder task id, say): retries of one request dedupe by it. */
export const requestMeta = {
  requestId: z
    .string()
    .max(200)
    .optional()
    .describe('Idempotency key: retries carrying the same id are the same request'),
};

/**
 * A secret as a request carries it. `values` (plaintext) exist only between the
 * user and the sealing step (gitops-repo); the planner accepts only `sealed`
 * (the SOPS-encrypted file), so plaintext never reaches a plan, a diff or an output.
 */
export const secretInput = z
  .object({
    name,
    namespace: name.optional().describe('Namespace of the Secret (default flux-system)'),
    values: z
      .record(z.string(), z.string())
      .optional()
      .describe('Plaintext values (sealed before planning; never stored)'),
    keys: z.array(z.string()).optional().describe('Data keys of a sealed secret'),
    sealed: z.string().optional().describe('The SOPS-encrypted Secret file (set by sealing)'),
  })
  .strict();
export type SecretInput = z.infer<typeof secretInput>;

export const appSource = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('helm'),
      repository: z.string().describe('https:// or oci:// chart repository'),
      chart: z.string(),
      values: values.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('image'),
      image: z.string().describe('Image without tag'),
      port: z.number().int().min(1).max(65535).default(8080),
    })
    .strict(),
]);

export const chart = z.object({ repository: z.string(), name: z.string(), version: z.string() }).strict();

export const addonSpec = z
  .object({
    name,
    description: z.string().optional(),
    conflictsWith: z.array(name).default([]),
    values: values.default({}).describe('Helm values the addon merges into the release'),
  })
  .strict();

/**
 * The rule of requests that address a stage or one env by two optional fields
 * (EnableAddon, DisableAddon, SetConfig): exactly one of them.
 */
export function checkStageOrEnv(kind: string, r: { readonly stage?: string; readonly env?: string }): Diagnostic[] {
  if ((r.stage === undefined) !== (r.env === undefined)) return [];
  return [
    diagnostic('InvalidRequest', `${kind}: give exactly one of stage or env`, r.stage === undefined ? 'stage' : 'env'),
  ];
}
