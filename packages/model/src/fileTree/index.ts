export { MemoryFileTree, OverlayFileTree, diffTrees, comparePaths } from './FileTree';
export type { FileTree, FileChange, FileChangeOp } from './FileTree';
export { normalizeRepoPath, joinPath, resolveRelative, relativePath, dirname, basename } from './paths';
