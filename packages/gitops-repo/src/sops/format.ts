/**
 * Facts of the SOPS file format that Platter writes and reads, each from the
 * getsops/sops source at v3.9.4 (file named beside it). Internal: never re-exported.
 */

/** `version:` written into the metadata (version/version.go of the release we follow). */
export const SOPS_VERSION = '3.9.4';

/**
 * What `sops --encrypt --encrypted-regex '^(data|stringData)$'` encrypts in a
 * Kubernetes Secret, and what Flux's own docs use: values below `data` and
 * `stringData`. Everything else (apiVersion, kind, metadata) stays readable.
 */
export const SECRET_ENCRYPTED_REGEX = '^(data|stringData)$';

/** The top-level key holding SOPS metadata (stores/stores.go SopsMetadataKey). */
export const SOPS_KEY = 'sops';

/**
 * An encrypted value (aes/cipher.go `encre`): base64 ciphertext, IV and GCM tag,
 * and the plaintext's type. Anchored at the start only, as in sops.
 */
export const ENC_VALUE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

/** Which values a file encrypts: the rule fields of its metadata (sops.go Metadata). */
export interface EncryptionRules {
  readonly unencryptedSuffix?: string;
  readonly encryptedSuffix?: string;
  readonly unencryptedRegex?: string;
  readonly encryptedRegex?: string;
}

/**
 * Whether the value at `path` (its map keys, root first; list indexes are not
 * part of a sops path) is encrypted: sops.go `Tree.shouldBeEncrypted`. Every key
 * of the path is tested, not just the last, so with `^(data|stringData)$` a label
 * *named* `data` is encrypted too. The comment rules are not supported (Platter
 * never writes them; readSopsMetadata refuses files that use them).
 */
export function shouldBeEncrypted(path: readonly string[], rules: EncryptionRules): boolean {
  let encrypted = true;
  if (rules.unencryptedSuffix && path.some((k) => k.endsWith(rules.unencryptedSuffix!))) encrypted = false;
  if (rules.encryptedSuffix) encrypted = path.some((k) => k.endsWith(rules.encryptedSuffix!));
  if (rules.unencryptedRegex) {
    const re = new RegExp(rules.unencryptedRegex);
    if (path.some((k) => re.test(k))) encrypted = false;
  }
  if (rules.encryptedRegex) {
    const re = new RegExp(rules.encryptedRegex);
    encrypted = path.some((k) => re.test(k));
  }
  return encrypted;
}

/**
 * The additional authenticated data of a value: its path joined by `:` with a
 * trailing `:` (`data:password:`), sops.go `Tree.Encrypt`. Binds a ciphertext to
 * its place: moved to another key, it no longer decrypts.
 */
export const additionalData = (path: readonly string[]): string => `${path.join(':')}:`;

/**
 * `lastmodified` as Go's `time.Now().UTC().Format(time.RFC3339)` writes it
 * (cmd/sops/common/common.go EncryptTree): seconds precision, `Z`. The MAC is
 * encrypted with exactly this string as its additional data.
 */
export function formatLastModified(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('lastmodified: invalid date');
  // Go's Format truncates sub-seconds; so does dropping toISOString's milliseconds.
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
