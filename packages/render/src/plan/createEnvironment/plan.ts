import {
  checkName,
  findEnvironment,
  layout,
  PlatterError,
  RequestRejected,
  requireStage,
  type Environment,
  type FileChange,
  type Fleet,
  type RequestOf,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet } from '../support';
import { readSealedSecret, sameSecret, type SealedSecret } from '../sealedSecret';

/**
 * Plans CreateEnvironment: a new cluster in a stage, with its owner, age
 * recipients, cluster config and sealed secrets.
 *
 * Touches platter.yaml (env entry: owner, ageRecipients), .sops.yaml (its
 * creation rule), and envs/<env>/** (kustomization, env-config, tenant-config
 * for the stage's tenants, the flux-system placeholder, and one
 * secrets/<name>.yaml.encrypted per sealed secret, written as given).
 *
 * Rejects UnknownStage, InvalidName/ReservedName (env or secret name, before any
 * path is built), DuplicateName (a secret twice, or an env of that name that
 * exists with other settings: use SetConfig/SetSecret to change one), and for
 * each secret what readSealedSecret rejects (NotEncrypted, InvalidManifest,
 * InvalidEncryption). Through the rules: InvalidEncryption (bad recipients),
 * InvalidVariableName (config keys), MissingConfigKey (a key the stage's
 * components need). Secret keys the stage's components need and the request
 * does not bring are not a rejection: the plan lists them in `needsSecrets`.
 *
 * Re-planning an applied request is empty: an existing env with the same stage,
 * owner, recipients and config, holding every requested secret with the same
 * keys, is left alone (secret files are not re-written: re-sealing gives new
 * bytes every time; rotating is SetSecret's job).
 */
export const planCreateEnvironment: Planner<'CreateEnvironment'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const badName = checkName('environment', r.name, 'name');
  if (badName) throw new RequestRejected([badName]);
  requireStage(before, r.stage, 'stage');

  const seen = new Set<string>();
  const sealed: SealedSecret[] = r.secrets.map((s, i) => {
    if (seen.has(s.name))
      throw new PlatterError('DuplicateName', `secret "${s.name}" is given twice`, `secrets.${i}.name`);
    seen.add(s.name);
    return readSealedSecret(r.name, s, r.ageRecipients, `secrets.${i}`);
  });

  const existing = findEnvironment(before, r.name);
  if (existing) {
    const differences = differencesFrom(existing, r, sealed);
    if (differences.length) {
      throw new PlatterError(
        'DuplicateName',
        `environment "${r.name}" already exists with other ${differences.join(', ')}: change it with SetConfig/SetSecret, or delete it first`,
        layout.envDir(r.name),
      );
    }
    return { before, after: before, scope: { environments: [] } };
  }

  const env: Environment = {
    name: r.name,
    stage: r.stage,
    ...(r.owner !== undefined ? { owner: r.owner } : {}),
    ageRecipients: [...r.ageRecipients],
    config: { ...r.config },
    secrets: sealed.map((s) => s.secret),
    addonOverrides: [],
  };
  const after: Fleet = { ...before, environments: [...before.environments, env] };
  const files: FileChange[] = sealed.map((s) => ({ path: s.path, op: 'add', after: s.text }));
  return { before, after, scope: { settings: true, environments: [r.name] }, files };
};

/** What an existing env of the same name has that the request does not ask for (empty: already applied). */
function differencesFrom(
  env: Environment,
  r: RequestOf<'CreateEnvironment'>,
  sealed: readonly SealedSecret[],
): string[] {
  const out: string[] = [];
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    [...new Set(a)].sort().join('\0') === [...new Set(b)].sort().join('\0');
  const sameRecord = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  if (env.stage !== r.stage) out.push(`stage (it is in "${env.stage}")`);
  if (env.owner !== r.owner) out.push(`owner (${env.owner ?? 'none'})`);
  if (!sameSet(env.ageRecipients, r.ageRecipients)) out.push('age recipients');
  if (!sameRecord(env.config, r.config)) out.push('config');
  const secrets = sealed.filter((s) => !env.secrets.some((e) => sameSecret(e, s.secret))).map((s) => s.secret.name);
  if (secrets.length) out.push(`secrets (${secrets.join(', ')})`);
  return out;
}
