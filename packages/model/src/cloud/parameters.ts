import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileSchema } from './ajv';
import { diagnostic, type Diagnostic, type ErrorCode } from '../errors';
import type { CloudClassVersion } from './types';

/**
 * A request's parameters for a class in a stage: the class's defaults applied,
 * checked against the class's JSON schema (InvalidCloudParameters) and then
 * against the stage's limits (CloudParameterOutOfLimits), every finding at
 * once, each on `parameters.<field>`. Pure: the same input gives the same
 * answer, so the portal's form and the planner agree.
 *
 * JSON schema is what the class states because it is what the scaffolder form
 * renders and what Crossplane's XRD and Terraform's variables speak; Ajv (the
 * JSON schema validator) checks it rather than a rule of our own.
 */
export function resolveCloudParameters(
  cls: CloudClassVersion,
  stage: string,
  parameters: Readonly<Record<string, unknown>>,
): { values: Record<string, unknown>; diagnostics: Diagnostic[] } {
  // Defaults go into a copy: the request stays as the user wrote it.
  // A JSON copy (parameters are JSON): structuredClone is missing in some test DOMs the form runs in.
  const values = JSON.parse(JSON.stringify(parameters)) as Record<string, unknown>;
  const where = cls.origin?.path ?? `cloud/${cls.name}/${cls.version}/class.yaml`;
  // Form fields and --param give text: "30" and "true" become what the schema's types say (Ajv coerceTypes).
  const schema = compile(cls.parameters, `${where}#spec.parameters`, true);
  if (!schema.validate) return { values, diagnostics: schema.diagnostics };
  if (!schema.validate(values))
    return {
      values,
      diagnostics: findings(
        schema.validate.errors,
        'InvalidCloudParameters',
        `the schema of ${cls.name} ${cls.version}`,
      ),
    };
  const limits = cls.stages[stage]?.limits;
  if (!limits) return { values, diagnostics: [] };
  const limit = compile(limits, `${where}#spec.stages.${stage}.limits`);
  if (!limit.validate) return { values, diagnostics: limit.diagnostics };
  if (!limit.validate(values))
    return {
      values,
      diagnostics: findings(limit.validate.errors, 'CloudParameterOutOfLimits', `the limits of stage ${stage}`),
    };
  return { values, diagnostics: [] };
}

type Compiled = { validate?: ValidateFunction; diagnostics: Diagnostic[] };
// A form checks on every keystroke against the same class object: one compilation per schema object and mode.
const compiled = [new WeakMap<object, Compiled>(), new WeakMap<object, Compiled>()] as const;

// One validator per schema: strict off, so a class may carry annotations (title, x-*) the form reads.
function compile(schema: Readonly<Record<string, unknown>>, path: string, coerceTypes = false): Compiled {
  const cache = compiled[coerceTypes ? 1 : 0];
  const known = cache.get(schema);
  if (known) return known;
  let result: Compiled;
  try {
    result = {
      validate: compileSchema(schema, { useDefaults: true, coerceTypes }),
      diagnostics: [],
    };
  } catch (e) {
    result = {
      diagnostics: [diagnostic('InvalidCloudClass', `not a valid JSON schema: ${(e as Error).message}`, path)],
    };
  }
  cache.set(schema, result);
  return result;
}

function findings(errors: ErrorObject[] | null | undefined, code: ErrorCode, what: string): Diagnostic[] {
  return (errors ?? []).map((e) => {
    const field = [
      ...e.instancePath.split('/').filter(Boolean),
      ...(e.keyword === 'required' ? [String(e.params['missingProperty'])] : []),
      ...(e.keyword === 'additionalProperties' ? [String(e.params['additionalProperty'])] : []),
    ].join('.');
    const allowed =
      e.keyword === 'const'
        ? ` (required: ${JSON.stringify(e.params['allowedValue'])})`
        : e.keyword === 'enum'
          ? ` (one of ${JSON.stringify(e.params['allowedValues'])})`
          : '';
    return diagnostic(
      code,
      `parameter ${field || '(all)'} ${e.message ?? 'is not allowed'}${allowed}: ${what} refuse it; change the value or ask the platform team`,
      field ? `parameters.${field}` : 'parameters',
    );
  });
}

/** The policy of a class in a stage, with what an unlisted stage gets: review, Orphan, no limits. */
export function cloudStagePolicy(cls: CloudClassVersion, stage: string) {
  return cls.stages[stage] ?? { review: true, deletionPolicy: 'Orphan' as const };
}
