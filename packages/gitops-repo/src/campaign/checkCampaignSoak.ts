import { requireWaveOpen, type ChangeRequest, type FileTree, type Fleet } from '@platter/model';
import type { CampaignQuery, CampaignStatus } from './readCampaign';

/** Where a campaign's landing dates come from (RepositoryHistory.readCampaign, over the backend's history clone). */
export interface CampaignHistory {
  readCampaign(
    snapshot: { readonly commit: string; readonly tree: FileTree },
    fleet: Fleet,
    campaign: CampaignQuery,
    options: { readonly now: Date },
  ): Promise<CampaignStatus>;
}

/**
 * The soak check of an UpgradeCampaign request before it is planned (issue 19
 * §3), for the backend's edges (the plan preview, the scaffolder action): its
 * wave (or the next one) is refused with Soaking while the wave before it has
 * not run the soak of its stage (`stages[].promotion.soak`), read from the
 * history clone with the same reading and rule as `platter campaign next`
 * (readCampaign, the model's campaignProgress and requireWaveOpen). Other
 * kinds, or no history source, or a repository without a model (the plan says
 * why): nothing to check.
 */
export async function checkCampaignSoak(
  history: Partial<CampaignHistory> | undefined,
  snapshot: { readonly commit: string; readonly tree: FileTree },
  fleet: () => Fleet | undefined,
  request: ChangeRequest,
  now: Date,
): Promise<void> {
  if (request.kind !== 'UpgradeCampaign' || !history?.readCampaign) return;
  const model = fleet();
  if (!model) return;
  const status = await history.readCampaign(
    snapshot,
    model,
    { service: request.service, version: request.version, ...(request.waves ? { waves: request.waves } : {}) },
    { now },
  );
  requireWaveOpen(status, request.wave);
}
