export { campaignWaves, nextWave, parseCampaignSettings, parseDuration } from './campaign';
export type { CampaignWave } from './campaign';
