export { EnvironmentExplain, EXPLAIN_TAB_PATH, explainHref } from './EnvironmentExplain';
