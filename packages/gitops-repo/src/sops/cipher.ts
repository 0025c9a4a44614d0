import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes, utf8ToBytes } from '@noble/ciphers/utils.js';

/**
 * The value cipher of SOPS (aes/cipher.go): AES-256-GCM with the file's 32-byte
 * data key, a fresh random 32-byte IV per value (sops uses a 32-byte nonce, not
 * GCM's usual 12; GCM hashes longer nonces into its counter block), the value's
 * path as additional data, and the 16-byte tag written apart from the ciphertext.
 * Internal: Platter only writes strings, so only `type:str` is produced.
 */

/** sops `nonceSize`. */
export const SOPS_IV_BYTES = 32;
/** A SOPS data key: 32 random bytes (sops.go GenerateDataKey). */
export const DATA_KEY_BYTES = 32;
const TAG_BYTES = 16;

/**
 * `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:str]`. An empty string stays
 * empty, as sops leaves it (cipher.go `isEmpty`): there is nothing to hide, and
 * `sops -d` gives back "" for it.
 */
export function encryptStringValue(plaintext: string, dataKey: Uint8Array, aad: string): string {
  if (plaintext === '') return '';
  const iv = randomBytes(SOPS_IV_BYTES);
  const sealed = gcm(dataKey, iv, utf8ToBytes(aad)).encrypt(utf8ToBytes(plaintext));
  const data = sealed.subarray(0, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  return `ENC[AES256_GCM,data:${b64(data)},iv:${b64(iv)},tag:${b64(tag)},type:str]`;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
