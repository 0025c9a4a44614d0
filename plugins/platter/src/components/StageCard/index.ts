export { StageCard } from './StageCard';
export type { StageCardProps } from './StageCard';
