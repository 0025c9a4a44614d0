import { isPlatterError, type ErrorCode } from '@platter/model';

/**
 * The CLI's one code table: 0 ok, 1 findings or a rejected request, 2 a usage
 * error (bad flags, a missing file argument). Anything unexpected is 70
 * (EX_SOFTWARE) with its stack, because it is a bug, not user error.
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, conflict: 3, internal: 70 } as const;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(['PathEscape', 'NotADirectory', 'DirectoryNotEmpty', 'WouldOverwrite']);

export function exitCodeFor(error: unknown): number {
  if (!isPlatterError(error)) return EXIT.internal;
  if (error.code === 'Conflict') return EXIT.conflict;
  if (USAGE_CODES.has(error.code)) return EXIT.usage;
  return EXIT.findings;
}

/** A usage problem found by a command itself (not by the parser). */
export class UsageError extends Error {}
