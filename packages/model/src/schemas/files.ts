import { z } from 'zod/v3';
import { diagnostic, type Diagnostic, type ErrorCode } from '../errors';

/**
 * Shapes of Platter's own files (platter.yaml, component.yaml). Names, versions
 * and references are checked by the rules, not here: these schemas only make sure
 * the parser gets the types it expects, and say where a file is malformed.
 */
const str = z.string();
const strList = z.array(z.string()).default([]);

export const settingsFileSchema = z.object({
  apiVersion: z.literal('platter.dev/v1alpha1'),
  kind: z.literal('Platter'),
  metadata: z.object({ name: str }).passthrough(),
  spec: z
    .object({
      platformTeam: str,
      platformCodeowners: strList,
      lockdown: z.boolean().default(true),
      repository: z.object({ url: str, branch: str.default('main'), secretName: str.optional() }).passthrough(),
      tenantConfigKeys: strList,
      stages: z
        .array(
          z
            .object({ name: str, allowPrerelease: z.boolean().default(false), promotesFrom: str.optional() })
            .passthrough(),
        )
        .default([]),
      environments: z
        .array(z.object({ name: str, owner: str.optional(), ageRecipients: strList }).passthrough())
        .default([]),
      tenants: z
        .array(z.object({ name: str, owner: str, codeowners: strList, namespaces: strList }).passthrough())
        .default([]),
    })
    .passthrough(),
});
export type SettingsFile = z.infer<typeof settingsFileSchema>;

const resourceRef = z.object({ kind: str, name: str, namespace: str.optional() }).passthrough();

export const componentFileSchema = z.object({
  apiVersion: z.literal('platter.dev/v1alpha1'),
  kind: z.literal('ComponentVersion'),
  metadata: z.object({ name: str }).passthrough(),
  spec: z
    .object({
      version: str,
      description: str.optional(),
      namespace: str,
      // Absent means helm (every component.yaml written before plain manifests existed).
      source: z.enum(['helm', 'manifests']).optional(),
      chart: z.object({ repository: str, name: str, version: str }).passthrough().optional(),
      dependsOn: strList,
      requires: z.object({ config: strList, secrets: strList }).passthrough().default({ config: [], secrets: [] }),
      addons: z
        .array(
          z
            .object({
              name: str,
              description: str.optional(),
              conflictsWith: strList,
              patchTargets: z.array(resourceRef).default([]),
            })
            .passthrough(),
        )
        .default([]),
      lifecycle: z
        .object({
          status: z.enum(['stable', 'deprecated']).default('stable'),
          // YAML 1.1 reads an unquoted date as a timestamp: accept both.
          sunset: z.union([str, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
          message: str.optional(),
        })
        .passthrough()
        .default({ status: 'stable' }),
      digest: str.optional(),
    })
    .passthrough()
    // A chart version names its chart; a manifests version has none (its objects are its files).
    .superRefine((spec, ctx) => {
      if (spec.source !== 'manifests' && spec.chart === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['chart'],
          message: 'a Helm component version needs chart (or source: manifests)',
        });
      if (spec.source === 'manifests' && spec.chart !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['chart'],
          message: 'a component version of source manifests has no chart',
        });
    }),
});
export type ComponentFile = z.infer<typeof componentFileSchema>;

/** Parses data against a schema; on failure returns one diagnostic per issue, naming the field. */
export function parseWithSchema<T extends z.ZodTypeAny>(
  schema: T,
  data: unknown,
  path: string,
  code: ErrorCode,
): { value?: z.infer<T>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, diagnostics: [] };
  return {
    diagnostics: result.error.issues.map((issue) =>
      diagnostic(
        code,
        `${issue.path.length ? issue.path.join('.') : 'document'}: ${issue.message}`,
        `${path}${issue.path.length ? `#${issue.path.join('.')}` : ''}`,
      ),
    ),
  };
}
