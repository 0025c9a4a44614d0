import {
  campaignProgress,
  campaignWaves,
  configuredWaves,
  layout,
  parseCampaignSettings,
  type CampaignProgress,
  type Diagnostic,
  type Fleet,
  type LandedWave,
  type WaveSpec,
} from '@platter/model';
import { parseYamlValues } from '@platter/render';
import type { FileTree } from '@platter/model';
import { runGit, type GitAccess } from '../git/_runGit';

/** A wave as Git tells it: when it landed. */
export type CampaignWaveStatus = LandedWave;

/** A campaign's progress (model's campaignProgress over Git's landing dates), and the settings it used. */
export interface CampaignStatus extends CampaignProgress<CampaignWaveStatus> {
  readonly service: string;
  readonly version: string;
  /** The soak before a wave into each stage, in ms (stages[].promotion.soak). */
  readonly soakMs: Readonly<Record<string, number>>;
  /** platter.yaml's campaign findings (a deprecated or malformed setting). */
  readonly diagnostics: readonly Diagnostic[];
}

/** What a campaign is: a service, a version, and optionally its waves (default: platter.yaml's, or every stage). */
export interface CampaignQuery {
  readonly service: string;
  readonly version: string;
  readonly waves?: readonly (string | WaveSpec)[];
}

/**
 * A campaign's progress, read from Git alone (issue 19 §3): `tree` and `fleet`
 * are the repository at `ref` of the clone at `repoDir` (a work tree, or the
 * backend's blobless history clone: only commits and trees are read). A wave
 * has landed when its stage (a canary: each of its envs) runs the version; it
 * landed when the last commit on the branch's first-parent line that changed
 * what the wave writes was committed: the stage's `runtime/<svc>.yaml`, a
 * canary env's `kustomization.yaml` (the merged pull request's merge commit,
 * not the wave branch's own commit: the wave reached the clusters when it
 * reached the branch). A later change of the same file counts as the landing:
 * the soak can only get longer, never open early. Whether the next wave may
 * open is the model's campaignProgress.
 */
export async function readCampaign(
  repoDir: string,
  tree: FileTree,
  fleet: Fleet,
  campaign: CampaignQuery,
  options: { readonly now: Date; readonly ref?: string; readonly access?: GitAccess },
): Promise<CampaignStatus> {
  const text = tree.read(layout.settings);
  const settings = parseCampaignSettings(text === undefined ? undefined : parseYamlValues(text)[0]);
  const specs = campaign.waves ?? configuredWaves(fleet, campaign.service, settings);
  const ref = options.ref ?? 'HEAD';
  const lastChange = async (path: string) => {
    const log = await runGit(['log', '-1', '--first-parent', '--format=%H %cI', ref, '--', path], {
      cwd: repoDir,
      ...options.access,
    });
    const [commit, date] = log.stdout.trim().split(' ');
    return commit && date ? { commit, at: new Date(date).toISOString() } : undefined;
  };
  const waves: CampaignWaveStatus[] = [];
  for (const w of campaignWaves(fleet, campaign.service, campaign.version, specs)) {
    if (!w.landed) {
      waves.push(w);
      continue;
    }
    // A canary env that runs the version through its stage landed with the stage.
    const paths = (w.envs ?? [])
      .map((name) => fleet.environments.find((e) => e.name === name))
      .map((env) =>
        env?.versionOverrides?.some((p) => p.service === campaign.service)
          ? layout.envKustomization(env.name)
          : layout.stageRuntime(w.stage, campaign.service),
      );
    const changes = await Promise.all(
      [...new Set(paths.length ? paths : [layout.stageRuntime(w.stage, campaign.service)])].map(lastChange),
    );
    const latest = changes.reduce<{ commit: string; at: string } | undefined>(
      (a, c) => (!c ? a : !a || c.at > a.at ? c : a),
      undefined,
    );
    waves.push({ ...w, ...(latest ? { landedIn: latest.commit, landedAt: latest.at } : {}) });
  }
  return {
    service: campaign.service,
    version: campaign.version,
    soakMs: settings.soakMs,
    ...campaignProgress(waves, settings.soakMs, options.now),
    diagnostics: settings.diagnostics,
  };
}
