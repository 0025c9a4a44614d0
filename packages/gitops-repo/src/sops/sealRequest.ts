import {
  layout,
  ownRecipientsOf,
  PlatterError,
  secretsEnvOf,
  secretsOf,
  withSecrets,
  type ChangeRequest,
  type FileTree,
  type SecretInput,
} from '@platter/model';
import { RepositoryReader } from '@platter/render';
import { encryptSecret } from './encryptSecret';

/**
 * Seals a request's secrets before planning: every secret given as plaintext
 * `values` is encrypted (SOPS/age) to its environment's recipients and replaced
 * by the encrypted file and its key names. The returned request holds no
 * plaintext; the planner refuses one that does. Which fields hold secrets, which
 * env they belong to and whether the request names its own recipients is the
 * kind's secrets lens (RequestKindSpec.secrets): CreateEnvironment brings its
 * cluster's recipients, the others take platter.yaml's for the env
 * (UnknownEnvironment when it is not declared, MissingRecipients when it has none).
 * A request with nothing to seal is returned as it is.
 *
 * @param reader - the caller's reader of `tree`, when it has one (platter.yaml is read once)
 */
export async function sealRequest<T extends ChangeRequest>(
  tree: FileTree,
  request: T,
  options: { readonly now?: Date; readonly reader?: RepositoryReader } = {},
): Promise<T> {
  const secrets = secretsOf(request);
  if (!secrets.some((s) => s.values !== undefined)) return request;
  const recipients =
    ownRecipientsOf(request) ??
    settingsRecipients(options.reader ?? new RepositoryReader(tree), secretsEnvOf(request)!);
  return withSecrets(request, await Promise.all(secrets.map((s) => seal(s, recipients, options.now))));
}

/** The env's age recipients as platter.yaml declares them. */
function settingsRecipients(reader: RepositoryReader, envName: string): readonly string[] {
  const env = reader.settingsFile()?.file.spec.environments.find((e) => e.name === envName);
  if (!env) {
    throw new PlatterError(
      'UnknownEnvironment',
      `environment "${envName}" is not declared in platter.yaml`,
      layout.settings,
    );
  }
  if (!env.ageRecipients.length) {
    throw new PlatterError(
      'MissingRecipients',
      `environment "${envName}" has no age recipients in platter.yaml: add its cluster's key first`,
      layout.settings,
    );
  }
  return env.ageRecipients;
}

async function seal(secret: SecretInput, recipients: readonly string[], now?: Date): Promise<SecretInput> {
  if (secret.values === undefined) return secret;
  const sealed = await encryptSecret(
    { name: secret.name, namespace: secret.namespace ?? 'flux-system', stringData: secret.values },
    recipients,
    now ? { now } : {},
  );
  return {
    name: secret.name,
    ...(secret.namespace ? { namespace: secret.namespace } : {}),
    keys: Object.keys(secret.values).sort(),
    sealed,
  };
}
