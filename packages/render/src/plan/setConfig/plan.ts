import {
  diagnostic,
  RequestRejected,
  requireEnvironment,
  requireStage,
  stageEnvironments,
  type ConfigData,
  type Diagnostic,
  type Fleet,
} from '@platter/model';
import type { Planner } from '../types';
import { loadFleet } from '../support';

/** Keys render writes itself (stage-config `stage`, env-config `env`): a request cannot set them. */
const DERIVED_KEYS = ['stage', 'env'];

/**
 * Plans SetConfig: sets and unsets keys of a stage's config (ConfigMap
 * stage-config) or one env's (ConfigMap env-config). Setting a key to the value
 * it has, or unsetting one that is not there, changes nothing, so re-planning
 * an applied request is empty.
 *
 * Touches stages/<stage>/stage-config.yaml or envs/<env>/env-config.yaml, and
 * the tenant-config.yaml copies (ConfigMap platter-env) of every env it reaches
 * when an allow-listed key (settings.tenantConfigKeys) changes.
 *
 * Rejects UnknownStage/UnknownEnvironment, InvalidRequest (a key both set and
 * unset), ReservedName (`stage` and `env`, which Platter derives), and through the
 * rules InvalidVariableName (keys must be Flux variable names), MissingConfigKey
 * (unsetting a key a component the stage runs requires, in an env that does not
 * define it itself) and UnresolvedVariable (unsetting a key a manifest uses).
 */
export const planSetConfig: Planner<'SetConfig'> = (r, ctx) => {
  const before = loadFleet(ctx);
  const problems: Diagnostic[] = [];
  for (const key of r.unset)
    if (Object.hasOwn(r.set, key))
      problems.push(diagnostic('InvalidRequest', `config key "${key}" is both set and unset`, `unset`));
  for (const key of [...Object.keys(r.set), ...r.unset]) {
    if (DERIVED_KEYS.includes(key)) {
      problems.push(
        diagnostic(
          'ReservedName',
          `config key "${key}" is written by Platter (the ${key}'s name): choose another key`,
          Object.hasOwn(r.set, key) ? `set.${key}` : 'unset',
        ),
      );
    }
  }
  if (problems.length) throw new RequestRejected(problems);

  if (r.stage !== undefined) {
    const stage = requireStage(before, r.stage, 'stage');
    const config = edit(stage.config, r.set, r.unset);
    if (!config) return { before, after: before, scope: { stages: [] } };
    const after: Fleet = { ...before, stages: before.stages.map((s) => (s === stage ? { ...s, config } : s)) };
    // An env's files read its stage's config only through the tenant-config copies of the allow-listed keys:
    // a stage of hundreds of envs is rendered again only when one of those changes.
    const copied = new Set(before.settings.tenantConfigKeys);
    const reachesEnvs = [...Object.keys(r.set), ...r.unset].some((key) => copied.has(key));
    return {
      before,
      after,
      scope: {
        stages: [stage.name],
        environments: reachesEnvs ? stageEnvironments(before, stage.name).map((e) => e.name) : [],
      },
    };
  }
  const env = requireEnvironment(before, r.env!, 'env');
  const config = edit(env.config, r.set, r.unset);
  if (!config) return { before, after: before, scope: { environments: [] } };
  const after: Fleet = { ...before, environments: before.environments.map((e) => (e === env ? { ...e, config } : e)) };
  return { before, after, scope: { environments: [env.name] } };
};

/** The config with keys set and unset, or undefined when that changes nothing. */
function edit(config: ConfigData, set: ConfigData, unset: readonly string[]): ConfigData | undefined {
  const next: Record<string, string> = { ...config, ...set };
  for (const key of unset) delete next[key];
  const same =
    Object.keys(next).length === Object.keys(config).length && Object.entries(next).every(([k, v]) => config[k] === v);
  return same ? undefined : next;
}
