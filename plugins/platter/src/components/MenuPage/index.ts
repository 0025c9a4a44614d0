export { MenuPage, MENU_VIEWS } from './MenuPage';
export type { MenuPageProps, MenuView } from './MenuPage';
export { MenuTable } from './MenuTable';
export type { MenuRow } from './MenuTable';
