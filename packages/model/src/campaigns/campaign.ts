import { z } from 'zod/v3';
import { diagnostic, type Diagnostic } from '../errors';
import type { Fleet } from '../fleet';
import { layout } from '../layout';

/**
 * Upgrade campaigns (issue 19 §3): the waves of moving a runtime service to a
 * version, and the soak time between them. Pure: what has landed is read from
 * the tree (a wave has landed when its stage runs the version); when it landed
 * is read from Git by gitops-repo's readCampaign.
 */
export interface CampaignWave {
  readonly stage: string;
  /** The version the stage runs now (undefined when it does not run the service). */
  readonly current?: string;
  readonly landed: boolean;
}

/**
 * The waves: `stages` in the given order, or every stage that runs the service
 * in promotion order (platter.yaml's order, which promotesFrom follows).
 */
export function campaignWaves(
  fleet: Fleet,
  service: string,
  version: string,
  stages?: readonly string[],
): CampaignWave[] {
  const names =
    stages ?? fleet.stages.filter((s) => s.components.some((c) => c.service === service)).map((s) => s.name);
  return names.map((name) => {
    const current = fleet.stages.find((s) => s.name === name)?.components.find((c) => c.service === service)?.version;
    return { stage: name, ...(current !== undefined ? { current } : {}), landed: current === version };
  });
}

/** The first wave not landed (undefined: the campaign is done). */
export const nextWave = (waves: readonly CampaignWave[]): CampaignWave | undefined => waves.find((w) => !w.landed);

/** platter.yaml `spec.campaigns`: `soak`, a duration (`30m`, `24h`, `2d`; default none). */
const campaignsSchema = z.object({ soak: z.string().optional() }).passthrough().default({});

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `30m`, `24h`, `2d` in milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)([mhd])$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]!]! : undefined;
}

/** The campaign settings of platter.yaml's parsed document: the soak time in ms (0 when none). */
export function parseCampaignSettings(settingsDocument: unknown): { soakMs: number; diagnostics: Diagnostic[] } {
  const spec = (settingsDocument as { spec?: { campaigns?: unknown } } | undefined)?.spec;
  const parsed = campaignsSchema.safeParse(spec?.campaigns ?? {});
  const path = `${layout.settings}#spec.campaigns`;
  if (!parsed.success)
    return {
      soakMs: 0,
      diagnostics: [diagnostic('InvalidSettings', 'campaigns: expected { soak: <duration> }', path)],
    };
  if (parsed.data.soak === undefined) return { soakMs: 0, diagnostics: [] };
  const ms = parseDuration(parsed.data.soak);
  if (ms === undefined)
    return {
      soakMs: 0,
      diagnostics: [
        diagnostic('InvalidSettings', `campaigns.soak "${parsed.data.soak}": a duration such as 30m, 24h or 2d`, path),
      ],
    };
  return { soakMs: ms, diagnostics: [] };
}
