import Ajv, { type Options, type ValidateFunction } from 'ajv';

type Mode = Pick<Options, 'coerceTypes' | 'useDefaults' | 'validateFormats'>;
const instances = new Map<string, Ajv>();

/**
 * Compiles a JSON schema with one Ajv instance per mode (allErrors, strict off
 * so annotations such as title and x-* pass). A new Ajv instance pays for
 * compiling JSON schema's meta-schema on its first use (~40 ms against ~5 ms
 * for a schema): `platter validate` and the request form compile many small
 * schemas. The instance forgets each schema once compiled (its cache is keyed
 * by schema object; callers keep the function), so it does not grow. Throws
 * what Ajv throws for a schema that is not one.
 */
export function compileSchema(schema: object, mode: Mode = {}): ValidateFunction {
  const key = JSON.stringify(mode);
  let ajv = instances.get(key);
  if (!ajv) instances.set(key, (ajv = new Ajv({ allErrors: true, strict: false, ...mode })));
  try {
    return ajv.compile(schema);
  } finally {
    ajv.removeSchema(schema);
  }
}
