export { validateRepository, validateChange, findingKey } from './validateRepository';
export type {
  ValidateRepositoryOptions,
  ValidateRepositoryResult,
  ChangeSide,
  ValidateChangeResult,
} from './validateRepository';
export { checkEnvironmentStructure, checkAppStructure } from './checkStructure';
export type { BuildMemo } from './checkStructure';
export { ValidationIndex, validateIncrementally } from './incremental';
export type { Reach, IncrementalValidation } from './incremental';
export { ChangeValidation } from './changeFindings';
export type { ChangeFindingsOptions } from './changeFindings';
