import { campaignWaves, nextWave, requireService, requireStage } from '@platter/model';
import { NOTHING } from '../menuSupport';
import { fail, loadFleet } from '../support';
import type { Planner } from '../types';
import { planUpgradeComponent } from '../upgradeComponent/plan';

/**
 * Plans UpgradeCampaign (issue 19 §3): one wave, an UpgradeComponent of the
 * wave's stage, planned on the current head (so each wave is re-planned on
 * what the previous ones left). The waves are `waves` or every stage running
 * the service in promotion order; the wave is `wave` or the next one not at the
 * version. What has landed is read from the tree alone.
 * Touches exactly stages/<wave>/runtime/<svc>.yaml (UpgradeComponent's path).
 * Rejects UnknownStage (a wave that is no stage), UnknownRuntimeService,
 * InvalidRequest (a wave not in the waves; a stage named twice),
 * WaveOutOfOrder (an earlier wave has not landed), and whatever
 * UpgradeComponent rejects for the wave. The soak time is not checked here
 * (the tree has no clock of merges): `platter campaign next` reads it from Git.
 * A campaign whose waves have all landed plans empty.
 */
export const planUpgradeCampaign: Planner<'UpgradeCampaign'> = (r, ctx) => {
  const before = loadFleet(ctx);
  requireService(before, r.service, 'service');
  for (const [i, s] of (r.waves ?? []).entries()) {
    requireStage(before, s, `waves.${i}`);
    if (r.waves!.indexOf(s) !== i) fail('InvalidRequest', `waves names stage "${s}" twice`, `waves.${i}`);
  }
  const waves = campaignWaves(before, r.service, r.version, r.waves);
  const next = nextWave(waves);
  if (r.wave !== undefined) {
    requireStage(before, r.wave, 'wave');
    const at = waves.findIndex((w) => w.stage === r.wave);
    if (at < 0)
      fail(
        'InvalidRequest',
        `wave "${r.wave}" is not one of the waves (${waves.map((w) => w.stage).join(', ')})`,
        'wave',
      );
    const pending = waves.slice(0, at).filter((w) => !w.landed);
    if (pending.length)
      fail(
        'WaveOutOfOrder',
        `wave "${r.wave}" comes after ${pending.map((w) => `"${w.stage}" (runs ${w.current ?? 'nothing'})`).join(', ')}, which has not landed ${r.version} yet`,
        'wave',
      );
  }
  const stage = r.wave ?? next?.stage;
  if (stage === undefined) return { before, after: before, scope: NOTHING };
  return planUpgradeComponent({ kind: 'UpgradeComponent', stage, service: r.service, version: r.version }, ctx);
};
