import { PlatterError } from '../errors';

/**
 * Environment facts the platform team's Terraform produces (account, region,
 * VPC ids) as config keys (issue 21): the JSON of `terraform output -json`
 * (`{ "<name>": { "value": …, "type": …, "sensitive": bool } }`) to the `set`
 * of a SetConfig, so classes and manifests can use them as `${name}`.
 *
 * Strings are taken as they are, numbers and booleans as their JSON text,
 * lists and maps as compact JSON. Sensitive outputs are left out and named:
 * config is plaintext in Git, and a sensitive value belongs in a secret
 * (`platter secret set`). Names are checked by SetConfig's own rule (Flux
 * variable names), not here. InvalidRequest when the file is not that JSON.
 */
export function configFromTerraformOutput(
  json: unknown,
  where = 'terraform output',
): { set: Record<string, string>; sensitive: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new PlatterError(
      'InvalidRequest',
      `${where}: expected the JSON object of \`terraform output -json\` ({"name": {"value": ...}})`,
      where,
    );
  const set: Record<string, string> = {};
  const sensitive: string[] = [];
  for (const [name, output] of Object.entries(json as Record<string, unknown>)) {
    if (typeof output !== 'object' || output === null || !('value' in output))
      throw new PlatterError(
        'InvalidRequest',
        `${where}: output "${name}" has no value (expected {"value": ..., "sensitive": ...})`,
        `${where}#${name}`,
      );
    const o = output as { value: unknown; sensitive?: unknown };
    if (o.sensitive === true) {
      sensitive.push(name);
      continue;
    }
    set[name] = typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
  }
  return { set, sensitive: sensitive.sort() };
}
