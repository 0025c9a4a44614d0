export {
  parseDocuments,
  parseYamlValues,
  newDocument,
  stringifyDocuments,
  toYaml,
  toCommentedYaml,
  YamlSyntaxError,
  checkAliasExpansion,
  MAX_ALIAS_NODES,
  ALIAS_EXPANSION_RATIO,
} from './yaml';
export type { YamlDocument } from './yaml';
export type { Exact, ByName, Computed } from './merge';
export {
  exact,
  byName,
  computed,
  plain,
  deepEqual,
  mergeDocument,
  mergeObjectsFile,
  mergeSingleDocumentFile,
  objectKey,
} from './merge';
export { applyFileEdit } from './edit';
export { keepBytes } from './keepBytes';
