import {
  campaignWaves,
  layout,
  nextWave,
  parseCampaignSettings,
  type CampaignWave,
  type Diagnostic,
  type Fleet,
} from '@platter/model';
import { parseYamlValues } from '@platter/render';
import type { FileTree } from '@platter/model';
import { runGit } from '../git/_runGit';

/** A wave as Git tells it: when it landed (the commit that last changed the stage's runtime file). */
export interface CampaignWaveStatus extends CampaignWave {
  readonly landedAt?: string;
  readonly landedIn?: string;
}

export interface CampaignStatus {
  readonly service: string;
  readonly version: string;
  /** platter.yaml `spec.campaigns.soak` in ms (0: none). */
  readonly soakMs: number;
  readonly waves: readonly CampaignWaveStatus[];
  /** The next wave, and whether it may open now (the previous one landed at least soakMs ago). */
  readonly next?: { readonly stage: string; readonly ready: boolean; readonly readyAt?: string };
  readonly done: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A campaign's progress, read from Git alone (issue 19 §3): `tree` and `fleet`
 * are the repository at `ref` of the clone at `repoDir`. A wave has landed when
 * its stage runs the version; it landed when the last commit on the branch's
 * first-parent line that changed the stage's `runtime/<svc>.yaml` was committed
 * (a merged pull request's merge commit, not the wave branch's own commit: the
 * wave reached the clusters when it reached the branch). The next wave is ready
 * once the previous one has soaked `spec.campaigns.soak` (the first wave at once).
 */
export async function readCampaign(
  repoDir: string,
  tree: FileTree,
  fleet: Fleet,
  campaign: { readonly service: string; readonly version: string; readonly waves?: readonly string[] },
  options: { readonly now: Date; readonly ref?: string },
): Promise<CampaignStatus> {
  const text = tree.read(layout.settings);
  const { soakMs, diagnostics } = parseCampaignSettings(text === undefined ? undefined : parseYamlValues(text)[0]);
  const waves: CampaignWaveStatus[] = [];
  for (const w of campaignWaves(fleet, campaign.service, campaign.version, campaign.waves)) {
    if (!w.landed) {
      waves.push(w);
      continue;
    }
    const log = await runGit(
      [
        'log',
        '-1',
        '--first-parent',
        '--format=%H %cI',
        options.ref ?? 'HEAD',
        '--',
        layout.stageRuntime(w.stage, campaign.service),
      ],
      { cwd: repoDir },
    );
    const [commit, date] = log.stdout.trim().split(' ');
    waves.push({ ...w, ...(commit && date ? { landedIn: commit, landedAt: new Date(date).toISOString() } : {}) });
  }
  const next = nextWave(waves);
  const at = next ? waves.indexOf(next as CampaignWaveStatus) : -1;
  const previous = at > 0 ? waves[at - 1] : undefined;
  const readyAt = previous?.landedAt ? new Date(Date.parse(previous.landedAt) + soakMs) : undefined;
  return {
    service: campaign.service,
    version: campaign.version,
    soakMs,
    waves,
    ...(next
      ? {
          next: {
            stage: next.stage,
            ready: !readyAt || options.now.getTime() >= readyAt.getTime(),
            ...(readyAt ? { readyAt: readyAt.toISOString() } : {}),
          },
        }
      : {}),
    done: !next,
    diagnostics,
  };
}
