export { applyRequest } from './applyRequest';
export type { ApplyMode, ApplyOptions, ApplyResult } from './applyRequest';
