export { EnvironmentLifecycleBadges } from './EnvironmentLifecycleBadges';
export type { EnvironmentLifecycleBadgesProps } from './EnvironmentLifecycleBadges';
export { OutdatedView } from './OutdatedView';
export { MatrixView } from './MatrixView';
export { CampaignView } from './CampaignView';
