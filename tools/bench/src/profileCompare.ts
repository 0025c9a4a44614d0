import type { ProfileSummary } from './profile';

export interface GrowthRow {
  readonly fn: string;
  readonly smallMs: number;
  readonly largeMs: number;
  /** largeMs / smallMs (linear: the env ratio). */
  readonly ratio: number;
  /** Time beyond linear scaling at the large size: largeMs - smallMs × envRatio. */
  readonly excessMs: number;
}

export interface ProfileGrowth {
  readonly small: string;
  readonly large: string;
  readonly envRatio: number;
  readonly windowRatio: number;
  readonly rows: GrowthRow[];
}

/**
 * Which functions grow faster than the env count: inclusive time at two sizes,
 * ranked by the time they take beyond linear scaling at the larger size.
 */
export function compareProfiles(
  small: ProfileSummary,
  large: ProfileSummary,
  envRatio: number,
  top = 15,
): ProfileGrowth {
  const rows: GrowthRow[] = [];
  for (const [fn, largeMs] of Object.entries(large.inclusiveAll)) {
    if (largeMs < large.windowMs * 0.02) continue;
    const smallMs = small.inclusiveAll[fn] ?? 0;
    rows.push({
      fn,
      smallMs,
      largeMs,
      ratio: smallMs ? largeMs / smallMs : Infinity,
      excessMs: largeMs - smallMs * envRatio,
    });
  }
  rows.sort((a, b) => b.excessMs - a.excessMs);
  return {
    small: small.label,
    large: large.label,
    envRatio,
    windowRatio: large.windowMs / small.windowMs,
    rows: rows.slice(0, top),
  };
}
