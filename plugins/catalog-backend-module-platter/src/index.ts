/**
 * @packageDocumentation
 * Catalog module (pluginId `catalog`, moduleId `platter`): environments, stages
 * and runtime components of a Platter GitOps repository as `Resource` entities.
 * Install with `backend.add(import('@platter/plugin-catalog-backend-module-platter'))`.
 */
export { catalogModulePlatter as default } from './module';
export { PlatterEntityProvider, buildEntities, blockingFindings } from './provider';
export type {
  EntitySource,
  PlatterEntityProviderOptions,
  PlatterProviderStatus,
  PlatterSnapshotSource,
} from './provider';
