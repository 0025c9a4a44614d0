export { EnvironmentHistory, HISTORY_TAB_LIMIT } from './EnvironmentHistory';
