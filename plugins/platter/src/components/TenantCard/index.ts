export { TenantCard } from './TenantCard';
export type { TenantCardProps } from './TenantCard';
