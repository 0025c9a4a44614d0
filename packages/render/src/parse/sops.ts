/**
 * Reads what a SOPS-encrypted Secret shows without its key: name, namespace and
 * data keys (SOPS encrypts values only). Values that are not `ENC[...]` mean the
 * file holds plaintext.
 */
export interface SecretFileFacts {
  readonly name?: string;
  readonly namespace?: string;
  readonly keys: string[];
  /** true when the file has SOPS metadata and every data/stringData value is encrypted. */
  readonly encrypted: boolean;
}

const ENC = /^ENC\[AES256_GCM,data:[^,]*,iv:[^,]+,tag:[^,]+,type:[a-z]+\]$/;

export function secretFacts(value: Record<string, any>): SecretFileFacts {
  const sections = ['data', 'stringData'].map((k) => value[k]).filter((s) => s && typeof s === 'object') as Record<
    string,
    unknown
  >[];
  const keys = sections.flatMap((s) => Object.keys(s)).sort();
  const values = sections.flatMap((s) => Object.values(s));
  const hasSops =
    !!value.sops &&
    typeof value.sops === 'object' &&
    (Array.isArray(value.sops.age) || Array.isArray(value.sops.pgp) || Array.isArray(value.sops.kms));
  return {
    name: value.metadata?.name,
    namespace: value.metadata?.namespace,
    keys,
    encrypted: hasSops && values.every((v) => typeof v === 'string' && ENC.test(v)),
  };
}

export const isEncryptedValue = (v: unknown): boolean => typeof v === 'string' && ENC.test(v);

/**
 * Whether a Secret outside envs/ carries a value that is neither a `${KEY}` substitution
 * (Flux fills it in from an env's encrypted Secret) nor SOPS-encrypted: plaintext in the repository.
 */
export function hasPlaintextValues(secret: Record<string, any>): boolean {
  const values = ['data', 'stringData']
    .map((k) => secret[k])
    .filter((s) => s && typeof s === 'object')
    .flatMap((s) => Object.values(s as Record<string, unknown>));
  return values.some((v) => !(typeof v === 'string' && (/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(v) || ENC.test(v))));
}
