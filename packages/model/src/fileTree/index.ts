export { MemoryFileTree, OverlayFileTree, diffTrees, comparePaths, pathsUnder } from './FileTree';
export { byteOrder } from './byteOrder';
export type { FileTree, FileChange, FileChangeOp } from './FileTree';
export { normalizeRepoPath, joinPath, resolveRelative, relativePath, dirname, basename } from './paths';
