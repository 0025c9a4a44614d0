import { checkName, layout, PlatterError, RequestRejected, type EnvSecret, type SecretInput } from '@platter/model';
import { secretFacts } from '../parse';
import { parseYamlValues } from '../yaml';

/** Namespace of an env Secret when the request names none (where Flux's substituteFrom reads it). */
export const DEFAULT_SECRET_NAMESPACE = 'flux-system';

/**
 * A sealed secret of a request (CreateEnvironment, SetSecret), checked: the
 * env model's entry for it and the encrypted file to write.
 */
export interface SealedSecret {
  readonly secret: EnvSecret;
  readonly path: string;
  readonly text: string;
}

/**
 * Checks that a request's sealed secret really is what it claims, reading only
 * what SOPS leaves readable: one Secret document, named as the request says, in
 * the namespace it says (default flux-system), every value `ENC[...]` under SOPS
 * metadata, the keys the request lists (when it lists them), and encrypted to
 * every age recipient of the env (or its cluster could not decrypt it).
 *
 * Rejects InvalidName (secret name), NotEncrypted (plaintext, or no sealed file:
 * plan() refuses plaintext values before planners run), InvalidManifest (not one
 * Secret of that name and namespace, keys that differ), InvalidEncryption
 * (recipients missing). Never looks at values, so nothing secret can leak into a message.
 */
export function readSealedSecret(
  env: string,
  input: SecretInput,
  recipients: readonly string[],
  field = 'secret',
): SealedSecret {
  const badName = checkName('secret', input.name, `${field}.name`);
  if (badName) throw new RequestRejected([badName]);
  const path = layout.secretFile(env, input.name);
  const namespace = input.namespace ?? DEFAULT_SECRET_NAMESPACE;
  if (input.sealed === undefined) {
    throw new PlatterError(
      'NotEncrypted',
      `secret "${input.name}" is not sealed: encrypt it to the env's recipients before planning`,
      path,
    );
  }
  let docs: unknown[];
  try {
    docs = parseYamlValues(input.sealed);
  } catch {
    // The parser's message may quote the text: say only that it is not YAML.
    throw new PlatterError('InvalidManifest', `the sealed file of secret "${input.name}" is not valid YAML`, path);
  }
  const doc = docs[0] as Record<string, any> | undefined;
  if (docs.length !== 1 || !doc || typeof doc !== 'object' || doc.kind !== 'Secret') {
    throw new PlatterError(
      'InvalidManifest',
      `the sealed file of secret "${input.name}" must hold exactly one Secret (found ${docs.length} document(s)${doc?.kind ? `, kind ${doc.kind}` : ''})`,
      path,
    );
  }
  const facts = secretFacts(doc);
  if (facts.name !== input.name) {
    throw new PlatterError(
      'InvalidManifest',
      `the sealed file of secret "${input.name}" holds Secret "${facts.name ?? '(unnamed)'}"`,
      path,
    );
  }
  const fileNamespace = facts.namespace ?? DEFAULT_SECRET_NAMESPACE;
  if (fileNamespace !== namespace) {
    throw new PlatterError(
      'InvalidManifest',
      `the sealed file of secret "${input.name}" is in namespace "${fileNamespace}", the request says "${namespace}"`,
      path,
    );
  }
  if (!facts.encrypted) {
    throw new PlatterError(
      'NotEncrypted',
      `the sealed file of secret "${input.name}" is not SOPS-encrypted (every data/stringData value must be ENC[...] under sops metadata)`,
      path,
    );
  }
  if (facts.keys.length === 0) {
    throw new PlatterError('InvalidManifest', `the sealed file of secret "${input.name}" has no data keys`, path);
  }
  if (input.keys !== undefined && [...input.keys].sort().join('\0') !== facts.keys.join('\0')) {
    throw new PlatterError(
      'InvalidManifest',
      `secret "${input.name}": the request lists keys ${input.keys.join(', ') || 'none'}, the sealed file has ${facts.keys.join(', ')}`,
      path,
    );
  }
  if (recipients.length === 0) {
    throw new PlatterError(
      'MissingRecipients',
      `environment "${env}" has no age recipients: its cluster could not decrypt secret "${input.name}"`,
      layout.settings,
    );
  }
  const fileRecipients = new Set(
    (Array.isArray(doc.sops?.age) ? doc.sops.age : [])
      .map((a: { recipient?: unknown }) => a?.recipient)
      .filter((r: unknown): r is string => typeof r === 'string'),
  );
  const missing = recipients.filter((r) => !fileRecipients.has(r));
  if (missing.length) {
    throw new PlatterError(
      'InvalidEncryption',
      `the sealed file of secret "${input.name}" is not encrypted to ${missing.join(', ')} (a recipient of environment "${env}"): re-seal it to the env's recipients`,
      path,
    );
  }
  return { secret: { name: input.name, namespace, keys: facts.keys, encrypted: true }, path, text: input.sealed };
}

/** Same Secret, as far as the model can tell (values are encrypted): name, namespace and keys. */
export const sameSecret = (a: EnvSecret, b: EnvSecret): boolean =>
  a.name === b.name &&
  a.namespace === b.namespace &&
  [...a.keys].sort().join('\0') === [...b.keys].sort().join('\0') &&
  a.encrypted === b.encrypted;
