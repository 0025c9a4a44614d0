import {
  layout,
  ownRecipientsOf,
  secretsEnvOf,
  secretsOf,
  withSecrets,
  type ChangeRequest,
  type FileChange,
  type FileTree,
  type SecretInput,
} from '@platter/model';
import { parseYamlValues, RepositoryReader, secretFacts, toYaml } from '@platter/render';

/**
 * The preview's stand-in for sealing. `POST /plan` never encrypts, stores or
 * echoes a plaintext secret value (DESIGN §4 "Preview"):
 *
 * - Every secret the request gives as plaintext `values` is replaced, before
 *   anything else reads the request, by a PLACEHOLDER sealed file: one Secret
 *   with the same name, namespace and keys, `ENC[...]` values that decrypt to
 *   nothing, and SOPS metadata naming the recipients the real sealing would
 *   encrypt to (the request's own, or platter.yaml's for the env: the kind's
 *   secrets lens, as sealRequest reads it). The planner checks it like a real one, so the preview has the
 *   same file list, review path, affected envs and request hash (the hash is of
 *   the redacted request: key names only) as the submitted request.
 * - In the response those files are listed with `encrypted: true`, and their
 *   diff shows a stand-in text naming the Secret and its keys: neither the
 *   placeholder nor a sealed file the caller submitted appears.
 */
export interface PreviewRequest {
  /** The request with every plaintext secret replaced by a placeholder sealed file. */
  readonly request: ChangeRequest;
  /** Repository paths of the request's secret files, with what the stand-in shows. */
  readonly secretFiles: ReadonlyMap<
    string,
    { readonly name: string; readonly namespace: string; readonly keys: readonly string[] }
  >;
}

const DEFAULT_NAMESPACE = 'flux-system';

/** The parsed request with its plaintext secrets swapped for placeholders, and the files they go to. */
export function toPreviewRequest(tree: FileTree, request: ChangeRequest): PreviewRequest {
  const env = secretsEnvOf(request);
  if (env === undefined) return { request, secretFiles: new Map() };
  const recipients = ownRecipientsOf(request) ?? recipientsOf(tree, env);

  const secretFiles = new Map<string, { name: string; namespace: string; keys: string[] }>();
  const placeholder = (s: SecretInput): SecretInput => {
    const namespace = s.namespace ?? DEFAULT_NAMESPACE;
    const keys = [...(s.values ? Object.keys(s.values) : (s.keys ?? sealedKeys(s.sealed)))].sort();
    secretFiles.set(layout.secretFile(env, s.name), { name: s.name, namespace, keys });
    if (s.values === undefined) return s;
    return {
      name: s.name,
      ...(s.namespace ? { namespace: s.namespace } : {}),
      keys,
      sealed: placeholderSealedFile(s.name, namespace, keys, recipients),
    };
  };
  return { request: withSecrets(request, secretsOf(request).map(placeholder)), secretFiles };
}

/**
 * The changes as the preview shows them: secret files of the request get a
 * readable stand-in on both sides (the current file is ciphertext, the new one
 * a placeholder), so the diff says what will be encrypted and nothing else.
 */
export function displayChanges(
  changes: readonly FileChange[],
  secretFiles: PreviewRequest['secretFiles'],
): FileChange[] {
  return changes.map((c) => {
    const secret = secretFiles.get(c.path);
    if (!secret) return c;
    const ref = `${secret.namespace}/${secret.name}`;
    return {
      ...c,
      ...(c.before !== undefined
        ? {
            before: `# Secret ${ref}: the current SOPS-encrypted file\n# keys: ${currentKeys(c.before) ?? '(unreadable)'}\n`,
          }
        : {}),
      ...(c.after !== undefined
        ? {
            after: `# Secret ${ref}: SOPS/age-encrypted when the request is submitted\n# keys: ${secret.keys.join(', ') || '(none)'}\n`,
          }
        : {}),
    };
  });
}

/** The env's age recipients as platter.yaml declares them (what sealRequest encrypts to); none when it is unknown. */
function recipientsOf(tree: FileTree, env: string): readonly string[] {
  return (
    new RepositoryReader(tree).settingsFile()?.file.spec.environments.find((e) => e.name === env)?.ageRecipients ?? []
  );
}

/** Key names of a sealed file the caller submitted (SOPS leaves them readable). */
function sealedKeys(sealed: string | undefined): string[] {
  return sealed === undefined ? [] : (currentKeysList(sealed) ?? []);
}

function currentKeys(text: string): string | undefined {
  return currentKeysList(text)?.join(', ');
}

function currentKeysList(text: string): string[] | undefined {
  try {
    const doc = parseYamlValues(text)[0];
    return doc && typeof doc === 'object' ? secretFacts(doc as Record<string, unknown>).keys : undefined;
  } catch {
    return undefined;
  }
}

// Base64 of "platter-preview": a visibly fake IV and tag, so no one mistakes the placeholder for ciphertext.
const FAKE = 'cGxhdHRlci1wcmV2aWV3';
const PLACEHOLDER_VALUE = `ENC[AES256_GCM,data:,iv:${FAKE},tag:${FAKE},type:str]`;

/** A well-formed SOPS Secret file that holds no value at all. Never written anywhere. */
function placeholderSealedFile(
  name: string,
  namespace: string,
  keys: readonly string[],
  recipients: readonly string[],
): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    stringData: Object.fromEntries(keys.map((k) => [k, PLACEHOLDER_VALUE])),
    sops: {
      age: recipients.map((recipient) => ({ recipient, enc: '' })),
      lastmodified: '1970-01-01T00:00:00Z',
      mac: PLACEHOLDER_VALUE,
      encrypted_regex: '^(data|stringData)$',
      version: '3.9.0',
    },
  });
}
