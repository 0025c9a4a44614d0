import { z } from 'zod/v3';
import { diagnostic, PlatterError, type Diagnostic } from '../errors';
import { effectiveComponent, type Fleet } from '../fleet';
import { layout } from '../layout';
import { explainInvalidName, isValidName } from '../names';
import { parsePromotionPolicies, parseSoak } from '../promotion/schema';

/**
 * Upgrade campaigns (issue 19 §3): the waves of moving a runtime service to a
 * version, and the soak time between them. Pure: what has landed is read from
 * the tree (a stage wave has landed when its stage runs the version, a canary
 * wave when each of its envs does, pinned or through its stage); when it landed
 * is read from Git by gitops-repo's readCampaign; whether the next wave may open
 * is `campaignProgress`, the one soak rule the CLI, the backend and the
 * scaffolder action all apply.
 */

/**
 * A wave as configured (platter.yaml `spec.campaigns.waves`, or a request's
 * `waves`): a whole stage, or a named subset of its envs first (a canary). A
 * canary wave pins the version in its envs' overlays; the stage's own wave
 * moves the stage and removes those pins in the same commit.
 */
export interface WaveSpec {
  readonly stage: string;
  /** A canary wave: only these envs of the stage (pinned in their overlays). */
  readonly envs?: readonly string[];
  /** The wave's name (default: the stage for a stage wave; a canary's one env, or `<stage>-canary` for several). */
  readonly name?: string;
}

export interface CampaignWave {
  /** The name requests and status use for it (`wave:`). */
  readonly name: string;
  readonly stage: string;
  /** A canary wave's envs. */
  readonly envs?: readonly string[];
  /** The version the stage runs now (undefined when it does not run the service). */
  readonly current?: string;
  /** A canary wave: its envs that do not run the version yet. */
  readonly pending?: readonly string[];
  readonly landed: boolean;
}

/**
 * A wave's name (requests name the wave to open by it, and it ends the wave's
 * branch name): its own, its stage's, a canary's one env, or `<stage>-canary`
 * for a canary of several envs (two of those in one stage need names).
 */
export const waveName = (w: WaveSpec): string =>
  w.name ?? (w.envs?.length === 1 ? w.envs[0]! : w.envs?.length ? `${w.stage}-canary` : w.stage);

/** Waves as given (a stage name is a stage wave). */
export const toWaveSpecs = (waves: readonly (string | WaveSpec)[]): WaveSpec[] =>
  waves.map((w) => (typeof w === 'string' ? { stage: w } : w));

/**
 * The waves: `waves` in the given order, or every stage that runs the service
 * in promotion order (platter.yaml's order, which promotesFrom follows).
 */
export function campaignWaves(
  fleet: Fleet,
  service: string,
  version: string,
  waves?: readonly (string | WaveSpec)[],
): CampaignWave[] {
  const specs: WaveSpec[] =
    waves !== undefined
      ? toWaveSpecs(waves)
      : fleet.stages.filter((s) => s.components.some((c) => c.service === service)).map((s) => ({ stage: s.name }));
  return specs.map((spec) => {
    const stage = fleet.stages.find((s) => s.name === spec.stage);
    const component = stage?.components.find((c) => c.service === service);
    const current = component?.version;
    const base = { name: waveName(spec), stage: spec.stage, ...(current !== undefined ? { current } : {}) };
    if (!spec.envs?.length) return { ...base, landed: current === version };
    const pending = spec.envs.filter((name) => {
      const env = fleet.environments.find((e) => e.name === name);
      return !env || !component || effectiveComponent(component, env).version !== version;
    });
    return { ...base, envs: [...spec.envs], pending, landed: pending.length === 0 };
  });
}

/** The first wave not landed (undefined: the campaign is done). */
export const nextWave = <W extends CampaignWave>(waves: readonly W[]): W | undefined => waves.find((w) => !w.landed);

/**
 * The wave specs a campaign of `service` uses when the request names none:
 * platter.yaml's `spec.campaigns.waves` without the stages that do not run the
 * service (the list is the fleet's, not one service's), else undefined (every
 * stage that runs it, in promotion order).
 */
export function configuredWaves(fleet: Fleet, service: string, settings: CampaignSettings): WaveSpec[] | undefined {
  if (!settings.waves) return undefined;
  return settings.waves.filter((w) =>
    fleet.stages.some((s) => s.name === w.stage && s.components.some((c) => c.service === service)),
  );
}

const waveSchema = z
  .object({
    stage: z.string().min(1),
    envs: z.array(z.string().min(1)).min(1).optional(),
    name: z.string().min(1).optional(),
  })
  .strict();

/** platter.yaml `spec.campaigns`: `waves` (and `soak`, deprecated: stages[].promotion.soak). */
const campaignsSchema = z
  .object({ soak: z.string().optional(), waves: z.array(waveSchema).optional() })
  .passthrough()
  .default({});

/** A duration such as `30m`, `24h`, `2d`, `1w` in milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const ms = parseSoak(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** What campaigns read from platter.yaml. */
export interface CampaignSettings {
  /**
   * The soak before a wave into a stage may open, per stage, in ms: the stage's
   * `promotion.soak` (the same key `platter ci promote` reads), else the
   * deprecated `spec.campaigns.soak`, else 0.
   */
  readonly soakMs: Readonly<Record<string, number>>;
  /** `spec.campaigns.waves`, when set. */
  readonly waves?: readonly WaveSpec[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The campaign settings of platter.yaml's parsed document. The soak lives once,
 * per stage, in `spec.stages[].promotion.soak` (issue 20's key: how long a
 * version must have run in the stages before it may enter this one);
 * `spec.campaigns.soak` (the first, fleet-wide key) is still read for stages
 * without one, with a DeprecatedSetting warning. Malformed settings are
 * InvalidSettings and count as no soak here (validate reports them).
 */
export function parseCampaignSettings(settingsDocument: unknown): CampaignSettings {
  const spec = (settingsDocument as { spec?: { campaigns?: unknown; stages?: unknown } } | undefined)?.spec;
  const path = `${layout.settings}#spec.campaigns`;
  const diagnostics: Diagnostic[] = [];
  const parsed = campaignsSchema.safeParse(spec?.campaigns ?? {});
  if (!parsed.success)
    diagnostics.push(
      diagnostic(
        'InvalidSettings',
        `campaigns: expected { waves: [{ stage, envs?, name? }], soak?: <duration> } (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`,
        path,
      ),
    );
  const campaigns = parsed.success ? parsed.data : {};
  let fallback = 0;
  if (campaigns.soak !== undefined) {
    const ms = parseDuration(campaigns.soak);
    if (ms === undefined)
      diagnostics.push(
        diagnostic('InvalidSettings', `campaigns.soak "${campaigns.soak}": a duration such as 30m, 24h or 2d`, path),
      );
    else {
      fallback = ms;
      diagnostics.push(
        diagnostic(
          'DeprecatedSetting',
          `campaigns.soak is deprecated: set the soak per stage, spec.stages[].promotion.soak (also read by platter ci promote); until then it applies to every stage without one`,
          path,
        ),
      );
    }
  }
  const soakMs: Record<string, number> = {};
  const stages = Array.isArray(spec?.stages) ? (spec.stages as { name?: unknown }[]) : [];
  for (const s of stages) if (typeof s?.name === 'string') soakMs[s.name] = fallback;
  for (const p of parsePromotionPolicies(settingsDocument).policies) soakMs[p.stage] = p.soakMs;
  return { soakMs, ...(campaigns.waves ? { waves: campaigns.waves } : {}), diagnostics };
}

/**
 * Checks wave specs against the fleet (platter.yaml's waves, or a request's):
 * each stage exists, each canary env exists and belongs to its stage, no wave
 * name twice. Returns findings with `path` + `.<index>`.
 */
export function checkWaveSpecs(
  fleet: Pick<Fleet, 'stages' | 'environments'>,
  waves: readonly WaveSpec[],
  path: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Set<string>();
  waves.forEach((w, i) => {
    const at = `${path}.${i}`;
    if (!fleet.stages.some((s) => s.name === w.stage)) {
      out.push(
        diagnostic(
          'UnknownStage',
          `wave ${i + 1}: stage "${w.stage}" does not exist (known: ${fleet.stages.map((s) => s.name).join(', ')})`,
          at,
        ),
      );
      return;
    }
    for (const name of w.envs ?? []) {
      const env = fleet.environments.find((e) => e.name === name);
      if (!env) out.push(diagnostic('UnknownEnvironment', `wave ${i + 1}: environment "${name}" does not exist`, at));
      else if (env.stage !== w.stage)
        out.push(
          diagnostic(
            'InvalidRequest',
            `wave ${i + 1}: environment "${name}" belongs to stage "${env.stage}", not "${w.stage}"`,
            at,
          ),
        );
    }
    const name = waveName(w);
    if (w.name !== undefined && !isValidName(w.name))
      out.push(
        diagnostic('InvalidName', `wave ${i + 1}: "${w.name}" is not a valid name (${explainInvalidName(w.name)})`, at),
      );
    if (names.has(name))
      out.push(diagnostic('InvalidRequest', `wave ${i + 1}: the name "${name}" is taken; give the wave a name`, at));
    names.add(name);
  });
  return out;
}

/** A wave with when it landed, as Git tells it. */
export interface LandedWave extends CampaignWave {
  /** When the wave reached the branch (ISO): the first-parent commit that last changed what it writes. */
  readonly landedAt?: string;
  readonly landedIn?: string;
}

/** Where a campaign stands at `now`. */
export interface CampaignProgress<W extends LandedWave = LandedWave> {
  readonly waves: readonly W[];
  /**
   * The next wave and whether it may open: the wave before it landed at least
   * the soak of the next wave's stage ago (the first wave opens at once).
   */
  readonly next?: {
    readonly wave: string;
    readonly stage: string;
    readonly ready: boolean;
    readonly readyAt?: string;
    readonly soakMs: number;
  };
  readonly done: boolean;
}

/**
 * The soak rule, in one place (the CLI, GET /campaign and the scaffolder action
 * apply it): the next wave into stage S may open once the wave before it has run
 * `soakMs[S]` (S's `promotion.soak`: how long a version must run before it
 * enters S). A previous wave whose landing date Git does not give (its stage ran
 * the version before the history read) counts as long landed.
 */
export function campaignProgress<W extends LandedWave>(
  waves: readonly W[],
  soakMs: Readonly<Record<string, number>>,
  now: Date,
): CampaignProgress<W> {
  const next = nextWave(waves);
  if (!next) return { waves, done: true };
  const previous = waves[waves.indexOf(next) - 1];
  const soak = soakMs[next.stage] ?? 0;
  const readyAt = previous?.landedAt && soak ? new Date(Date.parse(previous.landedAt) + soak) : undefined;
  return {
    waves,
    next: {
      wave: next.name,
      stage: next.stage,
      ready: !readyAt || now.getTime() >= readyAt.getTime(),
      ...(readyAt ? { readyAt: readyAt.toISOString() } : {}),
      soakMs: soak,
    },
    done: false,
  };
}

/**
 * Throws Soaking when `wave` (default: the next one) is the next wave and may
 * not open yet. A wave further on is the planner's WaveOutOfOrder; a landed one
 * plans empty.
 */
export function requireWaveOpen(progress: CampaignProgress, wave?: string): void {
  const next = progress.next;
  if (!next || next.ready || (wave !== undefined && wave !== next.wave)) return;
  throw new PlatterError(
    'Soaking',
    `wave "${next.wave}" may open at ${next.readyAt} (the wave before it soaks ${formatDuration(next.soakMs)}: platter.yaml spec.stages[${next.stage}].promotion.soak)`,
    'wave',
  );
}

/** `90m` -> `1h30m`; `48h` -> `2d`. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 60_000);
  for (const [unit, size] of [
    ['d', 1440],
    ['h', 60],
    ['m', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0m';
}
