import { ConflictError, InputError, NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { formatDiagnostic, isPlatterError, isRequestRejected, type ErrorCode } from '@platter/model';

/**
 * The one table from Platter's error codes to Backstage's error classes (and so
 * to HTTP statuses and task failures): Forbidden -> NotAllowedError (403),
 * Conflict -> ConflictError (409), a git remote or kubectl that fails ->
 * ServiceUnavailableError (503: an outage, not the user's mistake), every other
 * Platter code is a problem with the request -> InputError (400). Anything that is not a PlatterError is
 * rethrown unchanged: an outage must not look like user error.
 */
const NOT_ALLOWED: ReadonlySet<ErrorCode> = new Set(['Forbidden']);
const CONFLICT: ReadonlySet<ErrorCode> = new Set(['Conflict']);
const UNAVAILABLE: ReadonlySet<ErrorCode> = new Set(['GitFailed', 'KustomizeBuildFailed']);

export function toBackstageError(error: unknown): unknown {
  if (!isPlatterError(error)) return error;
  const message = isRequestRejected(error)
    ? `${error.message}\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`
    : `${error.code}${error.path ? ` ${error.path}` : ''}: ${error.message}`;
  if (NOT_ALLOWED.has(error.code)) return new NotAllowedError(message, error);
  if (CONFLICT.has(error.code)) return new ConflictError(message, error);
  if (UNAVAILABLE.has(error.code)) return new ServiceUnavailableError(message, error);
  return new InputError(message, error);
}

/** Runs fn and maps a thrown PlatterError with toBackstageError. */
export async function withBackstageErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toBackstageError(e);
  }
}
