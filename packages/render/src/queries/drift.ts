import { byteOrder, requireStage, type AddonOverride, type Fleet, type VersionOverride } from '@platter/model';

/** How one env of a stage differs from the stage (and from its sibling envs). */
export interface EnvDrift {
  readonly env: string;
  /** Addons the env enables or disables on top of the stage. */
  readonly addonOverrides: readonly AddonOverride[];
  /** Runtime component versions the env pins instead of the stage's (an upgrade campaign's canary). */
  readonly versionOverrides: readonly VersionOverride[];
  /** Env config keys that also exist in the stage config: the env's value wins in substitution. */
  readonly configOverrides: readonly { readonly key: string; readonly stageValue: string; readonly envValue: string }[];
  /** Apps deployed to this env alone (not through the stage). */
  readonly envOnlyApps: readonly { readonly app: string; readonly tenant: string; readonly version: string }[];
  /** Secrets (by name) another env of the stage has and this one lacks. */
  readonly missingSecrets: readonly string[];
  /** Secrets this env has that another env of the stage lacks. */
  readonly extraSecrets: readonly string[];
  /** Keys another env's secret of the same name has and this env's lacks. */
  readonly missingSecretKeys: readonly { readonly secret: string; readonly key: string }[];
  /** Nothing above: the env is exactly its stage. */
  readonly inSync: boolean;
}

export interface StageDrift {
  readonly stage: string;
  /** Envs of the stage, by name. */
  readonly environments: readonly EnvDrift[];
}

/**
 * Drift between the envs of a stage: per env, what it does not share with the
 * stage (addon overrides, version pins, config keys overriding stage config, env-only apps) and
 * secrets present in some envs of the stage but not others. Cluster facts that
 * only envs have (cluster_name, region) are not drift. Throws UnknownStage.
 */
export function drift(fleet: Fleet, stage: string): StageDrift {
  const s = requireStage(fleet, stage, 'stage');
  const envs = fleet.environments.filter((e) => e.stage === s.name).sort((a, b) => byteOrder(a.name, b.name));
  const environments = envs.map((env): EnvDrift => {
    const others = envs.filter((e) => e.name !== env.name);
    const names = new Set(env.secrets.map((x) => x.name));
    const missingSecrets = [...new Set(others.flatMap((o) => o.secrets.map((x) => x.name)))]
      .filter((n) => !names.has(n))
      .sort();
    const extraSecrets = env.secrets
      .map((x) => x.name)
      .filter((n) => others.some((o) => !o.secrets.some((x) => x.name === n)))
      .sort();
    const missingSecretKeys = env.secrets.flatMap((mine) => {
      const keys = new Set(others.flatMap((o) => o.secrets.filter((x) => x.name === mine.name).flatMap((x) => x.keys)));
      return [...keys]
        .filter((k) => !mine.keys.includes(k))
        .sort()
        .map((key) => ({ secret: mine.name, key }));
    });
    const configOverrides = Object.keys(env.config)
      .filter((k) => Object.hasOwn(s.config, k))
      .sort()
      .map((key) => ({ key, stageValue: s.config[key]!, envValue: env.config[key]! }));
    const envOnlyApps = fleet.apps.flatMap((a) =>
      a.deployments
        .filter((d) => d.env === env.name)
        .map((d) => ({ app: a.name, tenant: a.tenant, version: d.version })),
    );
    const addonOverrides = [...env.addonOverrides];
    const versionOverrides = [...(env.versionOverrides ?? [])];
    const inSync =
      !addonOverrides.length &&
      !versionOverrides.length &&
      !configOverrides.length &&
      !envOnlyApps.length &&
      !missingSecrets.length &&
      !extraSecrets.length &&
      !missingSecretKeys.length;
    return {
      env: env.name,
      addonOverrides,
      versionOverrides,
      configOverrides,
      envOnlyApps,
      missingSecrets,
      extraSecrets,
      missingSecretKeys,
      inSync,
    };
  });
  return { stage: s.name, environments };
}
