import { errorClassOf, isPlatterError, type ErrorCode } from '@platter/model';

/**
 * The CLI's one code table: 0 ok, 1 findings or a rejected request (Forbidden
 * included), 2 a usage error (bad flags, a missing file argument), 3 Conflict,
 * 69 (EX_UNAVAILABLE) an outage: a git remote or kubectl that fails, not the
 * user's mistake (the backend's 503; the model's errorClassOf decides for
 * both). Anything unexpected is 70 (EX_SOFTWARE) with its stack, because it
 * is a bug, not user error.
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, conflict: 3, unavailable: 69, internal: 70 } as const;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([
  'PathEscape',
  'NotADirectory',
  'DirectoryNotEmpty',
  'WouldOverwrite',
]);

/** The exit code of a thrown error: by whose problem it is (errorClassOf), usage codes aside. */
export function exitCodeFor(error: unknown): number {
  if (!isPlatterError(error)) return EXIT.internal;
  if (USAGE_CODES.has(error.code)) return EXIT.usage;
  switch (errorClassOf(error.code)) {
    case 'conflict':
      return EXIT.conflict;
    case 'unavailable':
      return EXIT.unavailable;
    default:
      return EXIT.findings;
  }
}

/** A usage problem found by a command itself (not by the parser). */
export class UsageError extends Error {}
