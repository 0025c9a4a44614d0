/**
 * @packageDocumentation
 * Shared by Platter's backend plugins: the `platter.*` config, the repository
 * service (one mirror per process), and the mapping of Platter's error codes to
 * Backstage's error classes.
 */
export {
  readPlatterConfig,
  DEFAULT_CATALOG_REFRESH_SECONDS,
  DEFAULT_MAX_SNAPSHOT_AGE_MS,
  DEFAULT_PUBLISH_TIMEOUT_MS,
} from './config';
export type { PlatterConfig } from './config';
export { platterRepositoryServiceRef } from './repositoryService';
export type { PlatterRepositoryService } from './repositoryService';
export { PlanBases, DEFAULT_PLAN_BASES, PREPARE_SLICE_MS } from './planBases';
export type { PlanBasesOptions } from './planBases';
export { toBackstageError, withBackstageErrors } from './errors';
export { resolveActor, normalizeRef } from './actor';
export type { PlatterIdentity } from './actor';
export { normalizeInput, targetOfFormValue } from './normalizeInput';
export type { NormalizeContext } from './normalizeInput';
// The review hosts themselves live in @platter/gitops-repo (the CLI uses them without Backstage);
// choosing one from Backstage's integrations config is this package's part.
export { reviewHostFor, gitCredentialsFor } from './reviewHost';
export type { ReviewHostForOptions, GitCredentialsForOptions } from './reviewHost';
export { publishModeFor, compareUrlOf, reviewHostFromConfig, gitCredentialsFromConfig } from './publishPath';
export type { PublishMode } from './publishPath';
