export { validateRepository } from './validateRepository';
export type { ValidateRepositoryOptions, ValidateRepositoryResult } from './validateRepository';
export { checkEnvironmentStructure, checkAppStructure } from './checkStructure';
export type { BuildMemo } from './checkStructure';
