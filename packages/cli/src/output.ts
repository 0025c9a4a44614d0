import { formatDiagnostic, type Diagnostic } from '@platter/model';
import { colors, type CliIO } from './io';

/** One line per finding, `CODE path: message`, errors red and warnings yellow. */
export function printDiagnostics(io: CliIO, diagnostics: readonly Diagnostic[]): void {
  const c = colors(io);
  for (const d of diagnostics) {
    const line = formatDiagnostic(d);
    io.out(`${d.severity === 'warning' ? c.yellow(line) : c.red(line)}\n`);
  }
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}

export const printJson = (io: CliIO, value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);
