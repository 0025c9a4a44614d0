import type { ErrorCode } from './codes';
import type { Diagnostic } from './diagnostic';

/**
 * The one error type of Platter. Objects are branded rather than checked with
 * `instanceof`, because two copies of this package (a bundled CLI next to a
 * Backstage plugin, say) would make `instanceof` lie.
 */
export class PlatterError extends Error {
  readonly brand = 'platter-error' as const;
  readonly code: ErrorCode;
  /** Repository path (file, or file#field) the error is about, when there is one. */
  readonly path?: string;

  constructor(code: ErrorCode, message: string, path?: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = path;
    this.name = `PlatterError[${code}]`;
  }

  toJSON(): { code: ErrorCode; message: string; path?: string } {
    return { code: this.code, message: this.message, ...(this.path ? { path: this.path } : {}) };
  }
}

/**
 * A request (or a repository) that breaks rules: carries every finding, not just the first,
 * so a user fixes them all in one go. `code` is the first error's code.
 */
export class RequestRejected extends PlatterError {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[], what = 'request') {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(
      first?.code ?? 'InvalidRequest',
      `${what} rejected: ${first?.message ?? 'no reason given'}${more}`,
      first?.path,
    );
    this.diagnostics = diagnostics;
  }
}

export const isPlatterError = (e: unknown, code?: ErrorCode): e is PlatterError =>
  (e as PlatterError | undefined)?.brand === 'platter-error' && (!code || (e as PlatterError).code === code);

export const isRequestRejected = (e: unknown): e is RequestRejected =>
  isPlatterError(e) && Array.isArray((e as RequestRejected).diagnostics);
