import { ConflictError, InputError, NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { errorClassOf, formatDiagnostic, isPlatterError, isRequestRejected } from '@platter/model';

/**
 * Maps a Platter error to Backstage's error classes (and so to HTTP statuses
 * and task failures), by the model's one table of whose problem it is
 * (errorClassOf, which the CLI's exit codes read too): Forbidden ->
 * NotAllowedError (403), Conflict -> ConflictError (409), a git remote or
 * kubectl that fails -> ServiceUnavailableError (503: an outage, not the
 * user's mistake), every other Platter code is a problem with the request ->
 * InputError (400). Anything that is not a PlatterError is returned unchanged:
 * an outage must not look like user error.
 */
export function toBackstageError(error: unknown): unknown {
  if (!isPlatterError(error)) return error;
  const message = isRequestRejected(error)
    ? `${error.message}\n${error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`
    : `${error.code}${error.path ? ` ${error.path}` : ''}: ${error.message}`;
  switch (errorClassOf(error.code)) {
    case 'forbidden':
      return new NotAllowedError(message, error);
    case 'conflict':
      return new ConflictError(message, error);
    case 'unavailable':
      return new ServiceUnavailableError(message, error);
    case 'request':
      return new InputError(message, error);
  }
}

/** Runs fn and maps a thrown PlatterError with toBackstageError. */
export async function withBackstageErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toBackstageError(e);
  }
}
