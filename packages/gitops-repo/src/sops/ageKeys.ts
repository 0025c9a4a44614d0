import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';

/** An age key pair: the secret identity and the public recipient files are encrypted to. */
export interface AgeKeyPair {
  /** `AGE-SECRET-KEY-1…`: what `age-keygen` writes to the key file. Keep it secret. */
  readonly identity: string;
  /** `age1…`: what goes into platter.yaml and `.sops.yaml`. */
  readonly recipient: string;
}

/**
 * Generates an X25519 age identity, like `age-keygen`. X25519 explicitly, not the
 * library's default: the post-quantum kind (`age1pq1…`) is unknown to the age
 * library inside sops 3.9 and Flux, and to age 1.1.
 */
export async function generateAgeIdentity(): Promise<AgeKeyPair> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/**
 * The data key encrypted to one recipient, ASCII-armored, as sops stores it in
 * `sops.age[].enc` (age/keysource.go MasterKey.Encrypt: one age file per
 * recipient, through armor.NewWriter; the raw 32 key bytes are the plaintext).
 */
export async function encryptDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(dataKey));
}
