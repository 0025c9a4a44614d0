export { validateRepository, validateChange, findingKey } from './validateRepository';
export type {
  ValidateRepositoryOptions,
  ValidateRepositoryResult,
  ChangeSide,
  ValidateChangeResult,
} from './validateRepository';
export { checkEnvironmentStructure, checkAppStructure } from './checkStructure';
export type { BuildMemo } from './checkStructure';
