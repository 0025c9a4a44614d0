export { RepositoryMirror } from './RepositoryMirror';
export type { RepositorySource, RepositorySnapshot, RepositoryMirrorOptions } from './RepositoryMirror';
export { RepositoryHistory } from './RepositoryHistory';
