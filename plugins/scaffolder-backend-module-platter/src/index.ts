/**
 * @packageDocumentation
 * Platter's scaffolder actions (DESIGN §4): one `platter:<noun>:<verb>` action per
 * change request kind, which plans the request as the task's user and leaves the
 * plan in the workspace, and `platter:publish`, which lands it on the GitOps
 * repository as a commit, a branch or a GitHub pull request.
 */
export { scaffolderModulePlatter as default } from './module';
export * from './actions';
