export { MenuPage, MenuTable } from './MenuPage';
export type { MenuPageProps } from './MenuPage';
