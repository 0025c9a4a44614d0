export { render, renderChanges } from './render';
export type { RenderOptions, RenderScope } from './render';
export { releaseFiles, digestOfTree, metadataForDigest, componentMetadata } from './renderMenu';
export { runtimeKustomization } from './renderStage';
export { appKustomization } from './renderTenant';
export { renderCodeowners, codeownersOf } from './renderSettings';
export { API, ANNOTATIONS, PRUNE_DISABLED } from './objects';
export { fileFieldChanges, showValue } from './fieldDiff';
export type { FileFieldChange } from './fieldDiff';
