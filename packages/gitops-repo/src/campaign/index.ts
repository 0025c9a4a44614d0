/** Upgrade campaigns' progress, read from Git (issue 19 §3), and the soak check of the backend's edges. */
export { readCampaign } from './readCampaign';
export type { CampaignQuery, CampaignStatus, CampaignWaveStatus } from './readCampaign';
export { checkCampaignSoak } from './checkCampaignSoak';
export type { CampaignHistory } from './checkCampaignSoak';
