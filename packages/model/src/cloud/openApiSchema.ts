import { compileSchema } from './ajv';

/**
 * What an API server would say of an object against a CRD's (or an XRD's)
 * `openAPIV3Schema`: each failure as `<field path> <message>`; none when it
 * fits. Kubernetes' extensions (x-kubernetes-*) and formats (int-or-string,
 * date-time) are not Ajv's to judge, so both are let through.
 */
export function openApiSchemaFindings(schema: Readonly<Record<string, unknown>>, value: unknown): string[] {
  let validate;
  try {
    validate = compileSchema(schema, { validateFormats: false });
  } catch (e) {
    return [`the schema does not compile: ${(e as Error).message}`];
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath.split('/').filter(Boolean).join('.') || '(object)'} ${e.message ?? 'is not allowed'}`,
  );
}
