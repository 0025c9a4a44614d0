import { requireEnvironment, type Fleet } from '@platter/model';
import type { Planner } from '../types';
import { loadFleet } from '../support';
import { readSealedSecret, sameSecret } from '../sealedSecret';

/**
 * Plans SetSecret: creates or replaces one encrypted Secret of an env,
 * envs/<env>/secrets/<name>.yaml.encrypted, written exactly as sealed (the plan
 * holds only ciphertext: plan() refuses plaintext values before this runs).
 *
 * Touches that file, and envs/<env>/kustomization.yaml when the secret is new
 * (Flux's generated kustomization ignores *.yaml.encrypted, so it is listed).
 * With `rotate: false`, an existing secret with the same namespace and keys is
 * left alone: re-planning an applied request is empty (re-sealing gives new
 * bytes every time, so the file is not compared). Different keys, or
 * `rotate: true`, replace the file.
 *
 * Rejects UnknownEnvironment, and what readSealedSecret rejects: InvalidName
 * (secret name), NotEncrypted, InvalidManifest (not one Secret of that name and
 * namespace, keys other than the request lists), MissingRecipients (the env
 * has none), InvalidEncryption (not sealed to every recipient of the env).
 * Keys a runtime component needs and the new file lacks are not a rejection:
 * the plan lists them in `needsSecrets`.
 */
export const planSetSecret: Planner<'SetSecret'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const env = requireEnvironment(before, r.env, 'env');
  const sealed = readSealedSecret(env.name, r.secret, env.ageRecipients);
  const existing = env.secrets.find((s) => s.name === sealed.secret.name);
  if (existing && !r.rotate && sameSecret(existing, sealed.secret))
    return { before, after: before, scope: { environments: [] } };

  const secrets = [...env.secrets.filter((s) => s.name !== sealed.secret.name), sealed.secret];
  const after: Fleet = { ...before, environments: before.environments.map((e) => (e === env ? { ...e, secrets } : e)) };
  return {
    before,
    after,
    scope: { environments: [env.name] },
    files: [{ path: sealed.path, op: existing ? 'modify' : 'add', after: sealed.text }],
  };
};
