import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { PlatterError, isPlatterError } from '@platter/model';
import { ENC_VALUE, SOPS_KEY, shouldBeEncrypted, type EncryptionRules } from './format';

/** What a SOPS-encrypted Secret file tells without any key (SOPS leaves keys and metadata readable). */
export interface SopsFileInfo {
  /**
   * True when the file has SOPS metadata and every value its rules say is
   * encrypted really is `ENC[…]` (or empty, which sops leaves as is). False for a
   * plain file, or one whose values were edited back to plaintext (NotEncrypted).
   * The MAC is not checked: that needs the data key.
   */
  readonly encrypted: boolean;
  /** age recipients the data key is encrypted to (`sops.age`, and every key group's). */
  readonly recipients: readonly string[];
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Keys of each section, in file order. */
  readonly keys: { readonly data: readonly string[]; readonly stringData: readonly string[] };
  /** Values that should be encrypted but are not, as dotted paths (`data.password`). */
  readonly plaintextPaths: readonly string[];
  readonly lastModified?: string;
  /** The sops version that wrote the file. */
  readonly sopsVersion?: string;
  readonly encryptedRegex?: string;
}

/**
 * Reads the readable part of a SOPS-encrypted YAML Secret: no decryption, pure
 * YAML. Throws InvalidEncryption when the text is not one YAML mapping, or its
 * `sops:` block is malformed (no `mac` or `lastmodified`, age entries without a
 * recipient, comment-based rules Platter does not evaluate). A file without a
 * `sops:` block is read too, with `encrypted: false`.
 */
export function readSopsMetadata(text: string, path?: string): SopsFileInfo {
  const invalid = (why: string) => new PlatterError('InvalidEncryption', `${path ?? 'SOPS file'}: ${why}`, path);
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1) throw invalid('expected exactly one YAML document');
  const doc = docs[0]!;
  if (doc.errors.length > 0) throw invalid(`not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml package's alias cap (an alias bomb) throws a ReferenceError.
    if (e instanceof ReferenceError) throw invalid(`aliases expand past the cap (${e.message})`);
    throw e;
  }
  if (!isRecord(root)) throw invalid('expected a YAML mapping');

  const metadata = isRecord(root.metadata) ? root.metadata : {};
  const common = {
    kind: str(root.kind),
    name: str(metadata.name),
    namespace: str(metadata.namespace),
    // From the syntax tree, not the JS object, which would move keys such as "1" first.
    keys: { data: sectionKeys(doc, 'data'), stringData: sectionKeys(doc, 'stringData') },
  };

  const sops = root[SOPS_KEY];
  if (sops === undefined) return { ...common, encrypted: false, recipients: [], plaintextPaths: [] };
  if (!isRecord(sops)) throw invalid('"sops" is not a mapping');
  const lastModified = str(sops.lastmodified);
  if (lastModified === undefined) throw invalid('sops.lastmodified is missing');
  if (typeof sops.mac !== 'string') throw invalid('sops.mac is missing');
  if (sops.unencrypted_comment_regex !== undefined || sops.encrypted_comment_regex !== undefined) {
    throw invalid('comment-based encryption rules are not supported');
  }
  const rules: EncryptionRules = {
    unencryptedSuffix: str(sops.unencrypted_suffix),
    encryptedSuffix: str(sops.encrypted_suffix),
    unencryptedRegex: str(sops.unencrypted_regex),
    encryptedRegex: str(sops.encrypted_regex),
  };
  for (const re of [rules.unencryptedRegex, rules.encryptedRegex]) {
    if (re === undefined) continue;
    try {
      new RegExp(re);
    } catch {
      throw invalid(`rule ${JSON.stringify(re)} is not a regular expression Platter can evaluate`);
    }
  }

  const recipients: string[] = [];
  const groups = [sops, ...(Array.isArray(sops.key_groups) ? sops.key_groups : [])];
  for (const group of groups) {
    if (!isRecord(group) || group.age === undefined || group.age === null) continue;
    if (!Array.isArray(group.age)) throw invalid('sops.age is not a list');
    for (const entry of group.age) {
      if (!isRecord(entry) || typeof entry.recipient !== 'string' || typeof entry.enc !== 'string') {
        throw invalid('a sops.age entry lacks its recipient or enc');
      }
      if (!recipients.includes(entry.recipient)) recipients.push(entry.recipient);
    }
  }

  const plaintextPaths: string[] = [];
  const visit = (node: unknown, at: string[]): void => {
    if (isAlias(node)) return visit(node.resolve(doc), at);
    if (isSeq(node)) return node.items.forEach((item) => visit(item, at)); // list items share their key's path
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (at.length === 0 && key === SOPS_KEY) continue;
        visit(pair.value, [...at, key]);
      }
      return;
    }
    if (!isScalar(node) || node.value === null || !shouldBeEncrypted(at, rules)) return; // sops skips nulls
    if (node.value === '' || (typeof node.value === 'string' && ENC_VALUE.test(node.value))) return;
    plaintextPaths.push(at.join('.'));
  };
  visit(doc.contents, []);

  return {
    ...common,
    encrypted: plaintextPaths.length === 0,
    recipients,
    plaintextPaths,
    lastModified,
    sopsVersion: str(sops.version),
    encryptedRegex: rules.encryptedRegex,
  };
}

/** True when the text is a SOPS file whose values are encrypted; false for anything else, malformed included. */
export function isSopsEncrypted(text: string): boolean {
  try {
    return readSopsMetadata(text).encrypted;
  } catch (e) {
    if (isPlatterError(e, 'InvalidEncryption')) return false;
    throw e;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
function sectionKeys(doc: Document, section: string): string[] {
  const node = doc.get(section, true);
  return isMap(node) ? node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key))) : [];
}
