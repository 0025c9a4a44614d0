import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { PlatterError, checkName, comparePaths, isAgeRecipient, isValidName, explainInvalidName } from '@platter/model';
import { encryptDataKey } from './ageKeys';
import { DATA_KEY_BYTES, encryptStringValue } from './cipher';
import { SECRET_ENCRYPTED_REGEX, SOPS_VERSION, additionalData, formatLastModified, shouldBeEncrypted } from './format';
import { stringifySopsFile, type Branch, type Value } from './sopsYaml';

/** A Kubernetes Secret to encrypt: one per file (DESIGN §2, `envs/<env>/secrets/<name>.yaml.encrypted`). */
export interface SecretToEncrypt {
  readonly name: string;
  readonly namespace: string;
  /** Values already base64-encoded, as Kubernetes `data` holds them. */
  readonly data?: Readonly<Record<string, string>>;
  /** Plain string values (Kubernetes encodes them on apply). */
  readonly stringData?: Readonly<Record<string, string>>;
  /** @default 'Opaque' */
  readonly type?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface EncryptSecretOptions {
  /** The `lastmodified` time (tests pass a fixed one). @default the current time */
  readonly now?: Date;
}

/** Kubernetes Secret keys (IsConfigMapKey): `[-._a-zA-Z0-9]+`, at most 253 characters. */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** Standard base64 with padding, as Kubernetes decodes `data`. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Encrypts one Kubernetes Secret the way
 * `sops --encrypt --age <recipients> --encrypted-regex '^(data|stringData)$'` does
 * (sops 3.9), returning the file's YAML text:
 *
 * - the Secret in canonical order: apiVersion, kind, metadata (name, namespace,
 *   labels), type, data, stringData; keys of labels, data and stringData sorted;
 * - a fresh 32-byte data key; each value whose path has a key matching the regex
 *   (so everything under data and stringData) becomes `ENC[AES256_GCM,…,type:str]`
 *   with its path as additional data; metadata stays readable;
 * - the MAC: SHA-512 over *every* value of the document (readable ones included,
 *   keys excluded) in document order, as upper-case hex, encrypted with the data
 *   key and the `lastmodified` string as additional data (sops.go Tree.Encrypt,
 *   cmd/sops/common/common.go EncryptTree);
 * - the data key age-encrypted to each recipient, ASCII-armored (age/keysource.go).
 *
 * Rejects: InvalidName (secret name, namespace), InvalidManifest (a bad key, a
 * `data` value that is not base64, a key in both data and stringData),
 * MissingRecipients, InvalidEncryption (a recipient that is not an X25519 `age1…`).
 * Repeated recipients are written once.
 */
export async function encryptSecret(
  secret: SecretToEncrypt,
  recipients: readonly string[],
  options: EncryptSecretOptions = {},
): Promise<string> {
  const ageRecipients = checkRecipients(recipients);
  const document = secretDocument(secret);

  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    const age = [];
    for (const recipient of ageRecipients) age.push({ recipient, enc: await encryptDataKey(dataKey, recipient) });

    const rules = { encryptedRegex: SECRET_ENCRYPTED_REGEX };
    const hash = sha512.create();
    const encryptBranch = (branch: Branch, path: readonly string[]): Branch =>
      branch.map(([key, value]): readonly [string, Value] => {
        const at = [...path, key];
        if (typeof value !== 'string') return [key, encryptBranch(value, at)];
        // The MAC covers every value, encrypted or not (mac_only_encrypted is off, as by default).
        hash.update(utf8ToBytes(value));
        return [key, shouldBeEncrypted(at, rules) ? encryptStringValue(value, dataKey, additionalData(at)) : value];
      });
    const encrypted = encryptBranch(document, []);

    const lastmodified = formatLastModified(options.now ?? new Date());
    const mac = encryptStringValue(bytesToHex(hash.digest()).toUpperCase(), dataKey, lastmodified);
    return stringifySopsFile(encrypted, {
      age,
      lastmodified,
      mac,
      encrypted_regex: SECRET_ENCRYPTED_REGEX,
      version: SOPS_VERSION,
    });
  } finally {
    dataKey.fill(0);
  }
}

function checkRecipients(recipients: readonly string[]): string[] {
  if (recipients.length === 0) {
    throw new PlatterError('MissingRecipients', 'no age recipients: nobody (no cluster) could decrypt the secret');
  }
  for (const r of recipients) {
    if (!isAgeRecipient(r)) {
      throw new PlatterError(
        'InvalidEncryption',
        `${JSON.stringify(r)} is not an X25519 age recipient (age1…, as age-keygen prints)`,
      );
    }
  }
  return [...new Set(recipients)];
}

/** The plaintext Secret as an ordered tree, after checking what Kubernetes would reject. */
function secretDocument(secret: SecretToEncrypt): Branch {
  const nameProblem = checkName('secret', secret.name);
  if (nameProblem) throw new PlatterError(nameProblem.code, nameProblem.message);
  if (!isValidName(secret.namespace)) {
    throw new PlatterError(
      'InvalidName',
      `namespace name ${JSON.stringify(secret.namespace)} is invalid: ${explainInvalidName(secret.namespace)}`,
    );
  }
  const data = sortedEntries(secret.data, 'data');
  const stringData = sortedEntries(secret.stringData, 'stringData');
  for (const [key, value] of data) {
    if (!BASE64.test(value))
      throw new PlatterError(
        'InvalidManifest',
        `secret "${secret.name}": data.${key} is not base64 (put plain text under stringData)`,
      );
  }
  const both = data.filter(([k]) => secret.stringData?.[k] !== undefined).map(([k]) => k);
  if (both.length > 0) {
    throw new PlatterError(
      'InvalidManifest',
      `secret "${secret.name}": ${both.join(', ')} in both data and stringData (Kubernetes would silently keep stringData)`,
    );
  }
  const labels = sortedEntries(secret.labels, 'labels', false);

  const metadata: [string, Value][] = [
    ['name', secret.name],
    ['namespace', secret.namespace],
  ];
  if (labels.length > 0) metadata.push(['labels', labels]);
  const doc: [string, Value][] = [
    ['apiVersion', 'v1'],
    ['kind', 'Secret'],
    ['metadata', metadata],
    ['type', secret.type ?? 'Opaque'],
  ];
  if (data.length > 0) doc.push(['data', data]);
  if (stringData.length > 0) doc.push(['stringData', stringData]);
  return doc;
}

function sortedEntries(
  record: Readonly<Record<string, string>> | undefined,
  section: string,
  secretKeys = true,
): [string, string][] {
  const entries = Object.entries(record ?? {});
  for (const [key, value] of entries) {
    if (typeof value !== 'string')
      throw new PlatterError('InvalidManifest', `${section}.${key} must be a string, got ${typeof value}`);
    if (secretKeys && !SECRET_KEY.test(key)) {
      throw new PlatterError(
        'InvalidManifest',
        `${section} key ${JSON.stringify(key)} is invalid: Secret keys are 1-253 characters of a-z, A-Z, 0-9, "-", "_" and "."`,
      );
    }
  }
  return entries.sort(([a], [b]) => comparePaths(a, b));
}
