import { byteOrder } from '../fileTree/byteOrder';
import { WARNING_CODES, type ErrorCode } from './codes';

export type Severity = 'error' | 'warning';

/** One finding of a rule: what, where (a repository path), and how bad. */
export interface Diagnostic {
  readonly code: ErrorCode;
  readonly severity: Severity;
  readonly message: string;
  /** Repository path of the file the finding is about (optionally `#field`). */
  readonly path?: string;
}

export const diagnostic = (code: ErrorCode, message: string, path?: string): Diagnostic => ({
  code,
  severity: WARNING_CODES.has(code) ? 'warning' : 'error',
  message,
  ...(path ? { path } : {}),
});

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

/** Stable order for output, the same on every machine: by path, then code, then message, in byte order (not the locale's). */
export const sortDiagnostics = (diagnostics: readonly Diagnostic[]): Diagnostic[] =>
  [...diagnostics].sort(
    (a, b) => byteOrder(a.path ?? '', b.path ?? '') || byteOrder(a.code, b.code) || byteOrder(a.message, b.message),
  );

/** Formats `CODE path: message`, the line format of `platter validate`. */
export const formatDiagnostic = (d: Diagnostic): string =>
  `${d.severity === 'warning' ? 'warning ' : ''}${d.code}${d.path ? ` ${d.path}` : ''}: ${d.message}`;

/** "x" / "x, y" / "none": lists what exists in a message ("stage "prdo" not found (known: staging, prod)"). */
export const known = (names: Iterable<string>): string => {
  const list = [...names];
  return list.length ? list.join(', ') : 'none';
};
