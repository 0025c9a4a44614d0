export { MyRequestsPage } from './MyRequestsPage';
export type { MyRequestsPageProps } from './MyRequestsPage';
