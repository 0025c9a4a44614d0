import { createDecipheriv, createHash } from 'node:crypto';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';

/**
 * TEST-ONLY: recomputes the MAC of a SOPS YAML file and compares it with the one
 * the file stores, given the file's data key.
 *
 * NOT INDEPENDENT EVIDENCE. It was written by us, from the same reading of the
 * getsops/sops source (v3.9.4) as the writer it checks (encryptSecret), so a
 * misreading shared by both would pass here. What it does add: it shares no code
 * with the writer (its own tree walk, encryption rules and YAML reading; AES-GCM
 * and SHA-512 from node:crypto, not @noble), and it reproduces sops's published
 * algorithm, which other readers of the format (sops-age) skip:
 *
 * - sops.go `Tree.Decrypt`: walk every document in order (the top-level `sops`
 *   key is removed first, stores/yaml/store.go LoadEncryptedFile); at each value,
 *   in order, decrypt it if the rules say it is encrypted (its path, map keys
 *   only, joined by `:` plus a trailing `:` is the AES-GCM additional data), then
 *   feed its bytes (`ToBytes`: strings as UTF-8, ints in decimal, floats in
 *   shortest form, booleans as `True`/`False`) to one SHA-512. Keys are not
 *   hashed; nulls and comments are skipped. With `mac_only_encrypted`, only
 *   encrypted values are hashed, after 32 fixed bytes (sha256 of "sops").
 * - The MAC is the upper-case hex of the digest. The file stores it encrypted
 *   with the data key, with the `lastmodified` string as additional data
 *   (cmd/sops/common/common.go DecryptTree).
 *
 * verifySopsMac.test.ts runs it, opt-in, on files written by the real sops:
 * that checks our reading of the algorithm against sops itself, though the code
 * remains ours.
 *
 * Throws when a value does not decrypt (wrong key, tampered ciphertext, a value
 * moved to another key: the GCM tag fails).
 */
export function verifySopsMac(text: string, dataKey: Uint8Array): { valid: boolean; stored: string; computed: string } {
  const docs = parseAllDocuments(text) as Document.Parsed[];
  if (docs.length === 0) throw new Error('no YAML document');
  for (const d of docs) if (d.errors.length > 0) throw new Error(`YAML: ${d.errors[0]!.message}`);
  const sops = docs[0]!.toJS()?.sops as Record<string, unknown> | undefined;
  if (!sops || typeof sops.mac !== 'string' || typeof sops.lastmodified !== 'string')
    throw new Error('no sops metadata (mac, lastmodified)');
  if (sops.unencrypted_comment_regex || sops.encrypted_comment_regex)
    throw new Error('comment regexes are not supported by this verifier');

  const isEncrypted = encryptionRule(sops);
  const macOnlyEncrypted = sops.mac_only_encrypted === true;
  const hash = createHash('sha512');
  if (macOnlyEncrypted) hash.update(createHash('sha256').update('sops').digest());

  const leaf = (value: unknown, path: string[]) => {
    if (value === null) return;
    const encrypted = isEncrypted(path);
    const plain = encrypted ? decryptSopsValue(String(value), dataKey, `${path.join(':')}:`) : value;
    if (!macOnlyEncrypted || encrypted) hash.update(toBytes(plain));
  };
  const walk = (doc: Document, node: unknown, path: string[], top: boolean): void => {
    if (isAlias(node)) return walk(doc, node.resolve(doc), path, false);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        if (top && key === 'sops') continue;
        walk(doc, pair.value, [...path, key], false);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(doc, item, path, false);
    } else if (isScalar(node)) {
      leaf(node.value, path);
    }
  };
  for (const doc of docs) walk(doc, doc.contents, [], true);

  const computed = hash.digest('hex').toUpperCase();
  const stored = String(decryptSopsValue(sops.mac, dataKey, sops.lastmodified));
  return { valid: stored === computed, stored, computed };
}

/**
 * Decrypts one `ENC[AES256_GCM,…]` value with node:crypto and returns it typed by
 * its `type:` (aes/cipher.go Decrypt). Empty stays empty. Test-only.
 */
export function decryptSopsValue(
  value: string,
  dataKey: Uint8Array,
  aad: string,
): string | number | boolean | Uint8Array {
  if (value === '') return '';
  const m = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/.exec(value);
  if (!m) throw new Error(`not a SOPS value: ${value.slice(0, 40)}`);
  const [, data, iv, tag, type] = m as unknown as [string, string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const bytes = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
  const text = bytes.toString('utf8');
  switch (type) {
    case 'str':
    case 'comment':
      return text;
    case 'int':
      return Number.parseInt(text, 10);
    case 'float':
      return Number.parseFloat(text);
    case 'bool':
      return /^(1|t|T|TRUE|true|True)$/.test(text);
    case 'bytes':
      return new Uint8Array(bytes);
    default:
      throw new Error(`unknown SOPS value type ${type}`);
  }
}

/** sops.go ToBytes for the values YAML gives. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'boolean') return Buffer.from(value ? 'True' : 'False');
  if (typeof value === 'number' || typeof value === 'bigint') return Buffer.from(String(value));
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  throw new Error(`cannot hash a ${typeof value}`);
}

/** sops.go Tree.shouldBeEncrypted, for the suffix and regex rules (each key of the path is tested). */
function encryptionRule(sops: Record<string, unknown>): (path: string[]) => boolean {
  const s = (k: string) => (typeof sops[k] === 'string' && sops[k] !== '' ? (sops[k] as string) : undefined);
  const unencryptedSuffix = s('unencrypted_suffix');
  const encryptedSuffix = s('encrypted_suffix');
  const unencryptedRegex = s('unencrypted_regex');
  const encryptedRegex = s('encrypted_regex');
  return (path) => {
    let encrypted = true;
    if (unencryptedSuffix !== undefined && path.some((p) => p.endsWith(unencryptedSuffix))) encrypted = false;
    if (encryptedSuffix !== undefined) encrypted = path.some((p) => p.endsWith(encryptedSuffix));
    if (unencryptedRegex !== undefined && path.some((p) => new RegExp(unencryptedRegex).test(p))) encrypted = false;
    if (encryptedRegex !== undefined) encrypted = path.some((p) => new RegExp(encryptedRegex).test(p));
    return encrypted;
  };
}
