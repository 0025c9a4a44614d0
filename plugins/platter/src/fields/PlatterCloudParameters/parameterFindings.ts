import { diagnostic, resolveCloudParameters, type Diagnostic } from '@platter/model';
import type { CloudClassResponse } from '@platter/plugin-platter-common';
import type { PlatterApi } from '../../api/types';
import type { PlatterCloudParametersUiOptions } from './schema';

/** What the form has chosen: the class, its version and the target, read from the whole form's data. */
export interface CloudSelection {
  readonly class?: string;
  readonly version?: string;
  readonly target?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function selectionOf(
  options: PlatterCloudParametersUiOptions | undefined,
  formData: Record<string, unknown> | undefined,
): CloudSelection {
  const pick = (field: string | undefined, fallback: string) => text(formData?.[field ?? fallback]);
  const cls = pick(options?.classField, 'class');
  const version = pick(options?.versionField, 'version');
  const target = pick(options?.targetField, 'target');
  return { ...(cls ? { class: cls } : {}), ...(version ? { version } : {}), ...(target ? { target } : {}) };
}

/** The class as the backend reads it (`GET /cloud/classes/<class>`); undefined without a class chosen. */
export async function loadCloudClass(api: PlatterApi, s: CloudSelection): Promise<CloudClassResponse | undefined> {
  if (!s.class || !api.cloudClass) return undefined;
  return api.cloudClass(s.class, {
    ...(s.version ? { version: s.version } : {}),
    ...(s.target ? { target: s.target } : {}),
  });
}

/**
 * What the model says of the parameters (DESIGN §1: the form asks the model's
 * rule, with its message): resolveCloudParameters against the class's schema
 * and the stage's limits, the same call the planner makes (InvalidCloudParameters,
 * CloudParameterOutOfLimits, each on `parameters.<field>`), and the class's
 * deprecation as a warning.
 */
export function cloudParameterFindings(data: CloudClassResponse, values: Record<string, unknown>): Diagnostic[] {
  const cls = data.class;
  const warnings =
    cls.lifecycle.status === 'deprecated'
      ? [
          diagnostic(
            'DeprecatedVersion',
            `cloud class ${cls.name} ${cls.version} is deprecated${cls.lifecycle.message ? `: ${cls.lifecycle.message}` : ''}`,
            'version',
          ),
        ]
      : [];
  // Without a target, the schema alone (no stage has the name '').
  return [...resolveCloudParameters(cls, data.stage ?? '', values).diagnostics, ...warnings];
}

/** RJSF's error schema of the findings: each on its field (`parameters.retentionDays` -> retentionDays). */
export function errorSchemaOf(findings: readonly Diagnostic[]): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const d of findings) {
    if (d.severity !== 'error' || !d.path?.startsWith('parameters.')) continue;
    let at = out;
    for (const key of d.path.slice('parameters.'.length).split('.')) at = at[key] ??= {};
    (at.__errors ??= []).push(d.message);
  }
  return out;
}

/** The values of the schema's own properties (a class chosen before may have left others). */
export function ownValues(schema: Readonly<Record<string, unknown>>, value: unknown): Record<string, unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => k in properties));
}
