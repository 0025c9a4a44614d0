export { AppDeploymentsCard } from './AppDeploymentsCard';
export type { AppDeploymentsCardProps } from './AppDeploymentsCard';
