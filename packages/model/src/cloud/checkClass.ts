import { diagnostic, type Diagnostic } from '../errors';
import { checkName } from '../names';
import { checkVersion, isValidIsoDate } from '../versions';
import { compileSchema } from './ajv';
import { cloudParameterSchema } from './formSchema';
import { resolveCloudParameters } from './parameters';
import type { CloudClassVersion } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A key of the connection Secret: what a Secret's data key may be. */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The rules a class version keeps on its own (issue 21; `platter validate`
 * runs them on every class file), each finding InvalidCloudClass on the file
 * and field:
 *
 * - its name is a name and its version a SemVer version;
 * - the parameter schema and each stage's limits compile (Ajv, as the planner compiles them);
 * - each property's default satisfies the property's schema (no coercion: a default is written as meant);
 * - in each stage the class lists, the values the request form offers (the
 *   defaults with the stage's limits folded in, cloudParameterSchema) pass the
 *   schema and the limits: otherwise no request with the offered values could land;
 * - outputs are named (Secret data keys), each once;
 * - `lifecycle.sunset` is a date (YYYY-MM-DD).
 *
 * Pure; what needs other files (the XRD, the module, the stages) is render's checkCloudClasses.
 */
export function checkCloudClass(cls: CloudClassVersion): Diagnostic[] {
  const path = cls.origin?.path ?? `cloud/${cls.name}/${cls.version}/class.yaml`;
  const out: Diagnostic[] = [];
  const nameFinding = checkName('runtime service', cls.name);
  if (nameFinding)
    out.push(diagnostic('InvalidCloudClass', `class name: ${nameFinding.message}`, `${path}#metadata.name`));
  const versionFinding = checkVersion(cls.version, `${cls.name} version`);
  if (versionFinding) out.push(diagnostic('InvalidCloudClass', versionFinding.message, `${path}#spec.version`));

  const compiles = (schema: unknown, at: string): boolean => {
    try {
      compileSchema(schema as object);
      return true;
    } catch (e) {
      out.push(diagnostic('InvalidCloudClass', `not a valid JSON schema: ${(e as Error).message}`, `${path}#${at}`));
      return false;
    }
  };
  const schemaCompiles = compiles(cls.parameters, 'spec.parameters');
  const properties = isObject(cls.parameters['properties']) ? cls.parameters['properties'] : {};
  const before = out.length;
  if (schemaCompiles)
    for (const [field, prop] of Object.entries(properties)) {
      if (!isObject(prop) || !('default' in prop)) continue;
      const check = compileSchema(prop);
      if (!check(JSON.parse(JSON.stringify(prop['default']))))
        out.push(
          diagnostic(
            'InvalidCloudClass',
            `the default of parameter ${field} (${JSON.stringify(prop['default'])}) ${check.errors?.[0]?.message ?? 'does not satisfy its schema'}`,
            `${path}#spec.parameters.properties.${field}.default`,
          ),
        );
    }

  const defaultsOk = out.length === before;
  for (const [stage, policy] of Object.entries(cls.stages)) {
    if (policy.limits === undefined) continue;
    // A default the schema refuses is reported once, above, not again for every stage that offers it.
    if (!compiles(policy.limits, `spec.stages.${stage}.limits`) || !schemaCompiles || !defaultsOk) continue;
    const offered = defaultsOf(cloudParameterSchema(cls, stage));
    for (const d of resolveCloudParameters(cls, stage, offered).diagnostics)
      out.push(
        diagnostic(
          'InvalidCloudClass',
          `stage ${stage}: the values the request form offers (${JSON.stringify(offered)}) are refused, so no request with them lands: ${d.message}`,
          `${path}#spec.stages.${stage}.limits`,
        ),
      );
  }

  const seen = new Set<string>();
  cls.outputs.forEach((o, i) => {
    if (!SECRET_KEY.test(o))
      out.push(
        diagnostic(
          'InvalidCloudClass',
          `output ${JSON.stringify(o)} is not a Secret key (letters, digits, '-', '_', '.')`,
          `${path}#spec.outputs.${i}`,
        ),
      );
    else if (seen.has(o))
      out.push(diagnostic('InvalidCloudClass', `output ${o} is listed twice`, `${path}#spec.outputs.${i}`));
    seen.add(o);
  });
  if (cls.lifecycle.sunset !== undefined && !isValidIsoDate(cls.lifecycle.sunset))
    out.push(
      diagnostic(
        'InvalidCloudClass',
        `lifecycle.sunset ${JSON.stringify(cls.lifecycle.sunset)} must be a date like 2027-01-31`,
        `${path}#spec.lifecycle.sunset`,
      ),
    );
  return out;
}

/** The defaults of an object schema's properties (what a form starts with). */
export function defaultsOf(schema: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  return Object.fromEntries(
    Object.entries(properties).flatMap(([k, p]) => (isObject(p) && 'default' in p ? [[k, p['default']]] : [])),
  );
}
