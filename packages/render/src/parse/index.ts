export { parseRepository, RepositoryReader, unique } from './reader';
export type { ParseResult } from './reader';
export { KustomizeWalker, findKustomizationFile, readYaml, objectId, CLUSTER_SCOPED } from './kustomizeWalk';
export type { BuiltObject, WalkResult } from './kustomizeWalk';
export { secretFacts, isEncryptedValue } from './sops';
export type { SecretFileFacts } from './sops';
export { ParseCache } from './parseCache';
export type { ParsedFile } from './parseCache';
