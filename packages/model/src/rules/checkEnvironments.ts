import { diagnostic, known, type Diagnostic } from '../errors';
import type { Environment, Fleet, VersionRuleFacts } from '../fleet';
import { effectiveComponent, findComponentVersion, findService, findStage, missingSecrets } from '../fleet';
import { layout } from '../layout';
import { checkName, checkOwnerRef, checkVariableName } from '../names';
import { checkAddonSelection, checkVersionAllowed } from './checkStages';
import { at, type RuleOptions } from './context';
import { duplicates } from './duplicates';

/**
 * age X25519 recipients (`age1…`, bech32) as `age-keygen` prints them, checksum
 * included (issue 22 item 5): one mistyped character passes the pattern but not
 * the checksum, and age (then `secret set`) refuses the key.
 */
const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
export const isAgeRecipient = (r: string): boolean => AGE_RECIPIENT.test(r) && bech32ChecksumOk(r);

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/** The bech32 checksum (BIP 173, which age uses) of a lower-case `hrp1data` string. */
function bech32ChecksumOk(text: string): boolean {
  const sep = text.lastIndexOf('1');
  const hrp = text.slice(0, sep);
  const values = [...hrp]
    .map((c) => c.charCodeAt(0) >> 5)
    .concat(
      [0],
      [...hrp].map((c) => c.charCodeAt(0) & 31),
    );
  for (const c of text.slice(sep + 1)) {
    const v = BECH32_CHARSET.indexOf(c);
    if (v < 0) return false;
    values.push(v);
  }
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GENERATOR[i]!;
  }
  return chk === 1;
}

/**
 * Environments: their stage exists, env addon overrides still fit the stage, every
 * config key, secret key and `${var}` the components need is there, secrets are encrypted.
 */
export function checkEnvironments(fleet: Fleet, options: RuleOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const name of duplicates(fleet.environments.map((e) => e.name))) {
    out.push(diagnostic('DuplicateName', `environment "${name}" appears more than once`, layout.envDir(name)));
  }
  for (const env of fleet.environments) out.push(...checkEnvironment(fleet, env, options));
  return out;
}

export function checkEnvironment(fleet: Fleet, env: Environment, options: RuleOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const path = at(env, layout.envKustomization(env.name));
  const push = (d: Diagnostic | undefined) => d && out.push(d);
  push(checkName('environment', env.name, path));
  if (env.owner !== undefined) push(checkOwnerRef(env.owner, `${layout.settings}#environments.${env.name}.owner`));
  for (const key of Object.keys(env.config)) push(checkVariableName(key, layout.envConfig(env.name)));
  for (const r of env.ageRecipients) {
    if (!isAgeRecipient(r)) {
      out.push(
        diagnostic(
          'InvalidEncryption',
          `environment "${env.name}": ${JSON.stringify(r)} is not an age recipient (age1…, 62 characters with a valid checksum: copy it again from age-keygen)`,
          layout.settings,
        ),
      );
    }
  }

  for (const s of env.secrets) {
    const file = at(s, layout.secretFile(env.name, s.name));
    push(checkName('secret', s.name, file));
    if (!s.encrypted) {
      out.push(
        diagnostic(
          'NotEncrypted',
          `secret "${s.name}" of environment "${env.name}" holds plaintext values; encrypt it with \`platter secret set\` (SOPS/age)`,
          file,
        ),
      );
    }
  }
  if (env.secrets.length > 0 && env.ageRecipients.length === 0) {
    out.push(
      diagnostic(
        'MissingRecipients',
        `environment "${env.name}" has secrets but no age recipients in platter.yaml: its cluster could not decrypt them`,
        layout.settings,
      ),
    );
  }

  const stage = findStage(fleet, env.stage);
  if (!stage) {
    out.push(
      diagnostic(
        'UnknownStage',
        `environment "${env.name}" belongs to stage "${env.stage}", which does not exist (known: ${known(fleet.stages.map((s) => s.name))})`,
        path,
      ),
    );
    return out;
  }

  const envPath = layout.envKustomization(env.name);
  for (const o of env.addonOverrides) {
    const c = stage.components.find((x) => x.service === o.service);
    if (!c) {
      out.push(
        diagnostic(
          'UnknownRuntimeService',
          `environment "${env.name}" overrides addon "${o.addon}" of ${o.service}, which stage "${stage.name}" does not run`,
          envPath,
        ),
      );
      continue;
    }
    if (o.action === 'enable' && c.addons.includes(o.addon)) {
      out.push(
        diagnostic(
          'StaleOverride',
          `environment "${env.name}" enables addon "${o.addon}" of ${o.service}, which stage "${stage.name}" already enables: remove the override`,
          envPath,
        ),
      );
    }
    if (o.action === 'disable' && !c.addons.includes(o.addon)) {
      out.push(
        diagnostic(
          'StaleOverride',
          `environment "${env.name}" disables addon "${o.addon}" of ${o.service}, which stage "${stage.name}" does not enable: remove the override`,
          envPath,
        ),
      );
    }
  }
  for (const key of duplicates(env.addonOverrides.map((o) => `${o.service}/${o.addon}`))) {
    out.push(diagnostic('DuplicateName', `environment "${env.name}" overrides addon ${key} more than once`, envPath));
  }
  out.push(...checkVersionOverrides(fleet, env, options));

  // `stage` and `env` are always defined: render writes them into stage-config and env-config.
  const config = new Set(['stage', 'env', ...Object.keys(stage.config), ...Object.keys(env.config)]);
  for (const c of stage.components) {
    const service = findService(fleet, c.service);
    const eff = effectiveComponent(c, env);
    // The env's pinned version when it has one (its requires and addons are the ones that run here).
    const version: VersionRuleFacts | undefined = findComponentVersion(fleet, c.service, eff.version);
    if (!service || !version) continue; // reported by checkStages, or checkVersionOverrides for a pin
    if (eff.overrides.version !== undefined) {
      // Another version: the whole addon list must fit it, not only the overridden addons.
      out.push(...checkAddonSelection(service, version, eff.addons, `environment "${env.name}"`, envPath));
    } else if (eff.overrides.enabled.length || eff.overrides.disabled.length) {
      // Only findings the override introduces: the stage's own selection is checked with the stage.
      const overridden = new Set([...eff.overrides.enabled, ...eff.overrides.disabled]);
      out.push(...checkAddonSelection(service, version, eff.addons, `environment "${env.name}"`, envPath, overridden));
    }
    for (const key of version.requires.config) {
      if (!config.has(key)) {
        out.push(
          diagnostic(
            'MissingConfigKey',
            `${c.service} ${eff.version} needs config key "${key}": set it in ${layout.envConfig(env.name)} or ${layout.stageConfig(stage.name)} (platter config set)`,
            layout.envConfig(env.name),
          ),
        );
      }
    }
  }
  for (const m of missingSecrets(fleet, env)) {
    const file = layout.secretFile(env.name, m.secret);
    const exists = env.secrets.some((s) => s.name === m.secret);
    out.push(
      diagnostic(
        'MissingSecretKey',
        `${m.service} needs secret key "${m.key}" in ${file}${exists ? '' : ' (the file does not exist)'}: add it with \`platter secret set\``,
        file,
      ),
    );
  }
  return out;
}

/**
 * An env's version pins (an upgrade campaign's canary wave): the stage runs the
 * service (UnknownRuntimeService: the patch would target a Kustomization the
 * stage does not have), the version is released (UnknownComponentVersion) and
 * allowed in the env's stage (prerelease, sunset, deprecation: checkVersionAllowed),
 * and it differs from the stage's (StaleOverride: the stage has caught up, remove
 * the pin), and what the version depends on runs in the stage (UnknownDependency).
 * The addons the env runs are checked against the pinned version by
 * checkEnvironment.
 */
function checkVersionOverrides(fleet: Fleet, env: Environment, options: RuleOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pins = env.versionOverrides ?? [];
  if (!pins.length) return out;
  const envPath = layout.envKustomization(env.name);
  const stage = findStage(fleet, env.stage);
  if (!stage) return out;
  for (const key of duplicates(pins.map((o) => o.service)))
    out.push(diagnostic('DuplicateName', `environment "${env.name}" pins ${key} more than once`, envPath));
  for (const o of pins) {
    const c = stage.components.find((x) => x.service === o.service);
    if (!c) {
      out.push(
        diagnostic(
          'UnknownRuntimeService',
          `environment "${env.name}" pins ${o.service} ${o.version}, which stage "${stage.name}" does not run`,
          envPath,
        ),
      );
      continue;
    }
    const service = findService(fleet, o.service);
    const version: VersionRuleFacts | undefined = findComponentVersion(fleet, o.service, o.version);
    if (!service || !version) {
      out.push(
        diagnostic(
          'UnknownComponentVersion',
          `environment "${env.name}" pins ${o.service} ${o.version}, which is not released (released: ${known(service?.versions.map((v) => v.version) ?? [])})`,
          envPath,
        ),
      );
      continue;
    }
    if (o.version === c.version) {
      out.push(
        diagnostic(
          'StaleOverride',
          `environment "${env.name}" pins ${o.service} ${o.version}, which stage "${stage.name}" runs already: remove the pin`,
          envPath,
        ),
      );
    }
    out.push(
      ...checkVersionAllowed(stage, version, envPath, { now: options.now ?? new Date() }).map((d) => ({
        ...d,
        message: `${d.message} (pinned by environment "${env.name}")`,
      })),
    );
    // What the pinned version depends on runs in the env too: the pin patches only spec.path, and the stage
    // (the env's components) is what provides a dependency.
    for (const dep of version.dependsOn)
      if (!stage.components.some((x) => x.service === dep))
        out.push(
          diagnostic(
            'UnknownDependency',
            `environment "${env.name}" pins ${o.service} ${o.version}, which depends on ${dep}, which stage "${stage.name}" does not run: add ${dep} to the stage first`,
            envPath,
          ),
        );
  }
  return out;
}
