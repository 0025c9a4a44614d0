import { byteOrder, requireStage, type Fleet } from '@platter/model';
import { drift, type EnvDrift } from './drift';
import { MAX_ENVIRONMENTS_PAGE } from './menuOverview';

/** What {@link stageEnvironmentsPage} pages through. */
export interface StageEnvironmentsQuery {
  readonly stage: string;
  /** Only the envs that drift from their stage (`driftLines` not empty). @default false */
  readonly drifting?: boolean;
  /** @default 0 */
  readonly offset?: number;
  /** @default 50, at most MAX_ENVIRONMENTS_PAGE (500) */
  readonly limit?: number;
}

/** One page of a stage's envs, each with how it drifts from its stage. */
export interface StageEnvironments {
  readonly stage: string;
  /** Envs of the stage (matching `drifting`) in all. */
  readonly total: number;
  /** Envs of the stage that drift, in all (whatever `drifting` says). */
  readonly drifting: number;
  readonly offset: number;
  readonly limit: number;
  /** By env name (byte order). */
  readonly items: readonly StageEnvironmentDrift[];
}

const DEFAULT_LIMIT = 50;

/** An env of a stage and how it drifts from the stage (empty: in sync). */
export interface StageEnvironmentDrift {
  readonly env: string;
  readonly drift: readonly string[];
}

/**
 * One page of the envs of a stage with their drift (issue 24: the stage's page
 * reads its envs here, so the stage entity no longer carries a list that grows
 * with the fleet). Throws UnknownStage. A server answering many pages computes
 * {@link stageDriftLines} once and pages it with {@link pageStageEnvironments}.
 */
export function stageEnvironmentsPage(fleet: Fleet, query: StageEnvironmentsQuery): StageEnvironments {
  return pageStageEnvironments(stageDriftLines(fleet, query.stage), query);
}

/** Every env of a stage with its drift lines, by env name. Throws UnknownStage. */
export function stageDriftLines(fleet: Fleet, stage: string): readonly StageEnvironmentDrift[] {
  const name = requireStage(fleet, stage, 'stage').name;
  return drift(fleet, name)
    .environments.map((d) => ({ env: d.env, drift: driftLines(d, name) }))
    .sort((a, b) => byteOrder(a.env, b.env));
}

/** One page of {@link stageDriftLines}' answer. */
export function pageStageEnvironments(
  all: readonly StageEnvironmentDrift[],
  query: StageEnvironmentsQuery,
): StageEnvironments {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(MAX_ENVIRONMENTS_PAGE, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
  const drifting = all.filter((e) => e.drift.length > 0);
  const matching = query.drifting ? drifting : all;
  return {
    stage: query.stage,
    total: matching.length,
    drifting: drifting.length,
    offset,
    limit,
    items: matching.slice(offset, offset + limit),
  };
}

/** How an env differs from its stage and its sibling envs, one line per difference (the wording of `platter drift`). */
export function driftLines(d: EnvDrift, stage: string): string[] {
  return [
    ...d.addonOverrides.map(
      (o) => `addon ${o.service}/${o.addon} ${o.action === 'enable' ? 'enabled' : 'disabled'} here only`,
    ),
    ...(d.versionOverrides ?? []).map((o) => `pins ${o.service} ${o.version} here only (an upgrade campaign's canary)`),
    ...d.configOverrides.map((o) => `config ${o.key}: ${o.envValue} (stage: ${o.stageValue})`),
    ...d.envOnlyApps.map((a) => `app ${a.app} (${a.tenant}) ${a.version}, deployed to this env alone`),
    ...d.missingSecrets.map((s) => `lacks secret ${s} (another env of ${stage} has it)`),
    ...d.extraSecrets.map((s) => `secret ${s} (not in every env of ${stage})`),
    ...d.missingSecretKeys.map((k) => `lacks key ${k.key} of secret ${k.secret}`),
  ];
}
