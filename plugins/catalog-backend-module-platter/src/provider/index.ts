export { PlatterEntityProvider, blockingFindings } from './PlatterEntityProvider';
export type {
  PlatterEntityProviderOptions,
  PlatterProviderStatus,
  PlatterSnapshotSource,
} from './PlatterEntityProvider';
export { buildEntities, environmentFacts, runtimeComponentFacts, stageFacts } from './buildEntities';
export type { EntitySource } from './buildEntities';
