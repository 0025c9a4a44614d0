import { PlatterError, diagnostic, type Diagnostic } from '../errors';
import { layout } from '../layout';
import { normalizeEntityRef } from '../fleet';
import type { Actor } from '../policy';

/**
 * Change freezes (issue 19 §4): `spec.freezes` in platter.yaml. A freeze names
 * stages and/or environments and a window; while it is active, a request that
 * would change one of them is refused (`Frozen`, with the freeze's reason), or,
 * when the requester is in one of the freeze's `overrideBy` groups, goes to
 * platform review marked as an override. A freeze without `until` is "stop the
 * line": active from `from` until someone removes it.
 *
 * Pure: the clock is passed in (`now`), so nothing here depends on real time.
 * Dates: `from` and `until` are ISO dates or date-times; a date alone is UTC.
 * `until` is inclusive: `until: 2026-12-01` freezes through the end of that day.
 */
export interface Freeze {
  /** A name to refer to it by (defaults to `freeze-<n>`, its 1-based position). */
  readonly name: string;
  readonly stages: readonly string[];
  readonly environments: readonly string[];
  /** ISO date or date-time the freeze starts. */
  readonly from: string;
  /** ISO date or date-time the freeze ends (inclusive); absent: until removed. */
  readonly until?: string;
  /** Why: shown to whoever the freeze stops. */
  readonly reason: string;
  /** Group refs whose members may override it (their requests go to review). */
  readonly overrideBy: readonly string[];
}

/** When a freeze starts and ends, as instants (ms since epoch); NaN for a malformed date. */
export function freezeWindow(freeze: Pick<Freeze, 'from' | 'until'>): { start: number; end: number } {
  const start = instant(freeze.from, 'start');
  const end = freeze.until === undefined ? Number.POSITIVE_INFINITY : instant(freeze.until, 'end');
  return { start, end };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function instant(value: string, edge: 'start' | 'end'): number {
  if (DATE_ONLY.test(value)) {
    const day = Date.parse(`${value}T00:00:00Z`);
    return edge === 'start' ? day : day + 24 * 3600 * 1000 - 1;
  }
  // A date-time must carry its zone: a bare local time means different instants on different machines.
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(value)) return Number.NaN;
  return Date.parse(value);
}

/**
 * Whether a freeze is active at `now`. A malformed window counts as active: a
 * freeze someone meant to hold must not open because of a typo (checkFreezes
 * reports the date).
 */
export function isFreezeActive(freeze: Freeze, now: Date): boolean {
  const { start, end } = freezeWindow(freeze);
  if (Number.isNaN(start) || Number.isNaN(end)) return true;
  const t = now.getTime();
  return t >= start && t <= end;
}

/**
 * The findings about platter.yaml's freezes: malformed dates, an end before the
 * start, and stages or envs that do not exist (a freeze on a misspelled env
 * would silently freeze nothing).
 */
export function checkFreezes(
  freezes: readonly Freeze[],
  known: { readonly stages: readonly string[]; readonly environments: readonly string[] },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  freezes.forEach((f, i) => {
    const path = `${layout.settings}#spec.freezes.${i}`;
    const { start, end } = freezeWindow(f);
    if (Number.isNaN(start) || Number.isNaN(end))
      out.push(
        diagnostic(
          'InvalidSettings',
          `freeze "${f.name}": from/until must be ISO dates (2026-12-01) or date-times with a zone (2026-12-01T18:00:00Z)`,
          path,
        ),
      );
    else if (end < start)
      out.push(
        diagnostic('InvalidSettings', `freeze "${f.name}" ends (${f.until}) before it starts (${f.from})`, path),
      );
    if (!f.stages.length && !f.environments.length)
      out.push(diagnostic('InvalidSettings', `freeze "${f.name}" names no stage and no environment`, path));
    for (const s of f.stages)
      if (!known.stages.includes(s))
        out.push(
          diagnostic('UnknownStage', `freeze "${f.name}" names stage "${s}" (known: ${known.stages.join(', ')})`, path),
        );
    for (const e of f.environments)
      if (!known.environments.includes(e))
        out.push(
          diagnostic(
            'UnknownEnvironment',
            `freeze "${f.name}" names environment "${e}" (known: ${known.environments.join(', ')})`,
            path,
          ),
        );
  });
  return out;
}

/** An active freeze that a change reaches, and what of it it reaches. */
export interface FreezeHit {
  readonly freeze: Freeze;
  readonly stages: readonly string[];
  readonly environments: readonly string[];
  /** Whether the actor is in one of the freeze's overrideBy groups. */
  readonly mayOverride: boolean;
}

/**
 * The active freezes a change reaches: a freeze reaches an env it names, every
 * env of a stage it names (`stageOf`, before or after the change), and a stage it
 * names directly (a stage change with no env yet).
 */
export function freezesReached(
  freezes: readonly Freeze[],
  affected: { readonly stages: readonly string[]; readonly environments: readonly string[] },
  stagesOfEnv: (env: string) => readonly string[],
  actor: Actor,
  now: Date,
): FreezeHit[] {
  const groups = new Set((actor.groups ?? []).map(normalizeEntityRef));
  const hits: FreezeHit[] = [];
  for (const freeze of freezes) {
    if (!isFreezeActive(freeze, now)) continue;
    const stages = affected.stages.filter((s) => freeze.stages.includes(s));
    const environments = affected.environments.filter(
      (e) => freeze.environments.includes(e) || stagesOfEnv(e).some((s) => freeze.stages.includes(s)),
    );
    if (!stages.length && !environments.length) continue;
    const mayOverride = freeze.overrideBy.some((g) => groups.has(normalizeEntityRef(g)));
    hits.push({ freeze, stages, environments, mayOverride });
  }
  return hits;
}

/** What a plan records about the freezes it overrides (every one it reaches, all overridable). */
export interface FreezeOverride {
  readonly name: string;
  readonly reason: string;
  readonly until?: string;
  readonly environments: readonly string[];
  readonly stages: readonly string[];
}

/**
 * The one freeze rule every request goes through (plan): no active freeze
 * reached gives undefined; a freeze the actor may not override throws Frozen
 * (the first such freeze's reason, naming every frozen env); otherwise the
 * overrides, which send the plan to review.
 */
export function enforceFreezes(hits: readonly FreezeHit[]): FreezeOverride[] | undefined {
  if (!hits.length) return undefined;
  const blocking = hits.filter((h) => !h.mayOverride);
  if (blocking.length) {
    const h = blocking[0]!;
    const what = [...h.environments.map((e) => `env "${e}"`), ...h.stages.map((s) => `stage "${s}"`)].join(', ');
    const window = h.freeze.until ? `until ${h.freeze.until}` : 'until it is lifted (stop the line)';
    const who = h.freeze.overrideBy.length ? `; members of ${h.freeze.overrideBy.join(', ')} may override` : '';
    throw new PlatterError(
      'Frozen',
      `${what} frozen by "${h.freeze.name}" ${window}: ${h.freeze.reason}${who}`,
      `${layout.settings}#spec.freezes`,
    );
  }
  return hits.map((h) => ({
    name: h.freeze.name,
    reason: h.freeze.reason,
    ...(h.freeze.until ? { until: h.freeze.until } : {}),
    environments: h.environments,
    stages: h.stages,
  }));
}

/** The active freezes on one env (its own, and its stage's), for the EnvironmentCard and queries. */
export function activeFreezesOn(freezes: readonly Freeze[], env: string, stage: string, now: Date): Freeze[] {
  return freezes.filter((f) => isFreezeActive(f, now) && (f.environments.includes(env) || f.stages.includes(stage)));
}

/** A freeze as the EnvironmentCard, the Menu page and `platter freezes` show it. */
export interface FreezeStatus extends Freeze {
  readonly active: boolean;
  /** The envs it holds (its own and those of its stages), sorted. */
  readonly reaches: readonly string[];
}

/** Every freeze with whether it is active at `now` and the envs it holds. */
export function freezeStatuses(
  freezes: readonly Freeze[],
  environments: readonly { readonly name: string; readonly stage: string }[],
  now: Date,
): FreezeStatus[] {
  return freezes.map((f) => ({
    ...f,
    active: isFreezeActive(f, now),
    reaches: environments
      .filter((e) => f.environments.includes(e.name) || f.stages.includes(e.stage))
      .map((e) => e.name)
      .sort(),
  }));
}
