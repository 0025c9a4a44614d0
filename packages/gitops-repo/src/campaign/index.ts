/** Upgrade campaigns' progress, read from Git (issue 19 §3). */
export { readCampaign } from './readCampaign';
export type { CampaignStatus, CampaignWaveStatus } from './readCampaign';
