export { CloudClassesTable } from './CloudClassesTable';
