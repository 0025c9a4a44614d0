export { GroupRequestsCard } from './GroupRequestsCard';
export type { GroupRequestsCardProps } from './GroupRequestsCard';
