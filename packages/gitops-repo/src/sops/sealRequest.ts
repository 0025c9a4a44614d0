import {

  layout,
  parseRequest,
  PlatterError,
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
 * plaintext; the planner refuses one that does. Recipients come from the request
 * (CreateEnvironment) or from platter.yaml (SetSecret).
 */
export async function sealRequest(tree: FileTree, input: unknown, options: { now?: Date } = {}): Promise<ChangeRequest> {
  const request = parseRequest(input);
  if (request.kind === 'CreateEnvironment') {
    const secrets = await Promise.all(request.secrets.map((s) => seal(s, request.ageRecipients, options.now)));
    return { ...request, secrets };
  }
  if (request.kind === 'SetSecret') {
    if (request.secret.values === undefined) return request;
    const env = new RepositoryReader(tree).settingsFile()?.file.spec.environments.find((e) => e.name === request.env);
    if (!env) {
      throw new PlatterError('UnknownEnvironment', `environment "${request.env}" is not declared in platter.yaml`, layout.settings);
    }
    if (!env.ageRecipients.length) {
      throw new PlatterError('MissingRecipients', `environment "${request.env}" has no age recipients in platter.yaml: add its cluster's key first`, layout.settings);
    }
    return { ...request, secret: await seal(request.secret, env.ageRecipients, options.now) };
  }
  return request;
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

