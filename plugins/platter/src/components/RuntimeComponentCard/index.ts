export { RuntimeComponentCard } from './RuntimeComponentCard';
export type { RuntimeComponentCardProps } from './RuntimeComponentCard';
