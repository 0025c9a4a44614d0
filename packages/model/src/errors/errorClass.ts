import type { ErrorCode } from './codes';

/**
 * Whose problem an error is, the one table each edge maps from (STYLE §4: one
 * code table per edge, HTTP status and Backstage error class in the backend,
 * exit code in the CLI):
 *
 * - `forbidden`: no role may do it (Forbidden), or not now (Frozen);
 * - `conflict`: the remote moved and the request no longer applies (Conflict);
 * - `unavailable`: an outage, not the user's mistake: a git remote or kubectl
 *   that fails (GitFailed, KustomizeBuildFailed);
 * - `request`: everything else is a problem with the request or the repository.
 */
export type ErrorClass = 'request' | 'forbidden' | 'conflict' | 'unavailable';

const CLASSES: Partial<Record<ErrorCode, ErrorClass>> = {
  Forbidden: 'forbidden',
  // A freeze the requester may not override: not theirs to do now (issue 19 §4).
  Frozen: 'forbidden',
  Conflict: 'conflict',
  GitFailed: 'unavailable',
  KustomizeBuildFailed: 'unavailable',
};

export const errorClassOf = (code: ErrorCode): ErrorClass => CLASSES[code] ?? 'request';
