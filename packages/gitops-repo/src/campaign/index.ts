/** Upgrade campaigns' progress, read from Git (issue 19 §3). */
export { readCampaign } from './readCampaign';
export type { CampaignQuery, CampaignStatus, CampaignWaveStatus } from './readCampaign';
