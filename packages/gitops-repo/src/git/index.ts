/**
 * Git through the `git` CLI (DESIGN §1, §4): applying a request to a remote
 * (clone, plan, commit, push with re-planning retries; or many at once, one
 * commit each and one push: RequestQueue), committing a plan in a
 * local checkout, a commit read as a FileTree without checking it out, and the
 * commit message and branch names both use.
 */
export { applyRequest, DEFAULT_APPLY_TIMEOUT_MS, DEFAULT_HISTORY_DEPTH } from './applyRequest';
export type { ApplyMode, ApplyOptions, ApplyResult } from './applyRequest';
export { applyRequests, DEFAULT_ROUND_BUDGET_MS, RequestQueue } from './RequestQueue';
export type { RequestQueueOptions } from './RequestQueue';
export { commitPlan, findAppliedRequest } from './commitPlan';
export { GitTreeFileTree } from './GitTreeFileTree';
export { checkReleasedDigests } from './releasedDigests';
export type { GitTreeFileTreeOptions } from './GitTreeFileTree';
export type { GitAccess } from './_runGit';
export type { CommitPlanOptions, CommitPlanResult } from './commitPlan';
export {
  formatCommitMessage,
  requestBranchName,
  requestedBy,
  PLATTER_IDENTITY,
  REQUEST_TRAILER,
  REQUESTED_BY_TRAILER,
} from './commitMessage';
export type { CommittablePlan, GitIdentity } from './commitMessage';
