export {
  campaignProgress,
  campaignWaves,
  checkWaveSpecs,
  configuredWaves,
  formatDuration,
  nextWave,
  parseCampaignSettings,
  parseDuration,
  requireWaveOpen,
  toWaveSpecs,
  waveName,
} from './campaign';
export type { CampaignProgress, CampaignSettings, CampaignWave, LandedWave, WaveSpec } from './campaign';
