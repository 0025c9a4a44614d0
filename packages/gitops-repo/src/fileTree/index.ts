export { DiskFileTree } from './DiskFileTree';
export { readDirectoryTree } from './readDirectoryTree';
export { writeChanges } from './writeChanges';
