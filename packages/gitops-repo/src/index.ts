/**
 * @packageDocumentation
 * Platter's I/O (DESIGN §1): the GitOps repository on disk as a FileTree, and
 * the writer that applies planned file changes to it without leaving the
 * repository; SOPS/age encryption of Kubernetes Secrets, compatible with the
 * `sops` tool and Flux, and reading their metadata without keys.
 */
export * from './fileTree';
export * from './sops';
export * from './kustomize';
export * from './git';
export * from './mirror';
export * from './history';
export * from './adopt';
export * from './campaign';
export * from './reviewHost';
