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

/**
 * The files of a plain-manifest component (or of one of its addons), by path
 * relative to the directory they were read from (`daemonset.yaml`, `rbac/role.yaml`).
 * The planner checks them (Kubernetes objects only, no plaintext Secret, safe paths).
 */
export const manifestFiles = z
  .record(z.string(), z.string())
  .describe('Plain Kubernetes manifests by relative path (a kustomization.yaml among them is kept as written)');

export const addonSpec = z
  .object({
    name,
    description: z.string().optional(),
    conflictsWith: z.array(name).default([]),
    values: values.default({}).describe('Helm values the addon merges into the release (Helm components)'),
    manifests: manifestFiles
      .optional()
      .describe('The addon as a Kustomize Component or patches on _base (plain-manifest components)'),
  })
  .strict();

/**
 * The rule of requests that describe a component version by either a chart or
 * plain manifests (AddRuntimeService): exactly one of them, and addons of the
 * same kind (Helm values for a chart, manifests for manifests).
 */
export function checkComponentSource(
  kind: string,
  r: {
    readonly chart?: unknown;
    readonly manifests?: Readonly<Record<string, string>>;
    readonly values?: Readonly<Record<string, unknown>>;
    readonly addons: readonly { readonly name: string; readonly values: object; readonly manifests?: object }[];
  },
  addonsField = 'addons',
): Diagnostic[] {
  const out: Diagnostic[] = [];
  if ((r.chart === undefined) === (r.manifests === undefined))
    out.push(diagnostic('InvalidRequest', `${kind}: give exactly one of chart or manifests`, 'chart'));
  const manifests = r.manifests !== undefined;
  if (manifests && r.values && Object.keys(r.values).length)
    out.push(
      diagnostic(
        'InvalidRequest',
        `${kind}: values are Helm values; a component of plain manifests has none`,
        'values',
      ),
    );
  for (const a of r.addons) {
    if (manifests && a.manifests === undefined)
      out.push(
        diagnostic(
          'InvalidRequest',
          `${kind}: addon "${a.name}" of a plain-manifest component needs its manifests (a directory)`,
          addonsField,
        ),
      );
    if (manifests && Object.keys(a.values).length)
      out.push(
        diagnostic(
          'InvalidRequest',
          `${kind}: addon "${a.name}" has Helm values but the component has no chart`,
          addonsField,
        ),
      );
    if (!manifests && a.manifests !== undefined)
      out.push(
        diagnostic(
          'InvalidRequest',
          `${kind}: addon "${a.name}" has manifests but the component is a Helm chart (give its values)`,
          addonsField,
        ),
      );
  }
  return out;
}

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
