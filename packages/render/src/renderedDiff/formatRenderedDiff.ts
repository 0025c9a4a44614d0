import { formatDiagnostic } from '@platter/model';
import { describeObject } from './diffObjects';
import type { RenderedDiff, RenderedDiffGroup } from './types';

export interface FormatRenderedDiffOptions {
  /** Envs named per group before "+N more". @default 5 */
  readonly envsShown?: number;
  /** Longest value shown, in characters. @default 80 */
  readonly valueWidth?: number;
}

/**
 * The rendered diff as plain text, danger findings first in each group (the CLI's
 * `--dry-run` and the text of a pull request body):
 *
 * ```
 * rendered diff (what Flux applies): 1 group of changes, 1 env unchanged
 * == the same change in 2 envs of stage prod: prod-eu, prod-us
 *   ! warning ChartMajorVersionChanged runtime/x/1.1.0/_base/release.yaml#spec.chart.spec.version: ...
 *   ~ helm.toolkit.fluxcd.io/v2 HelmRelease ingress-nginx/ingress-nginx (applied by flux-system/runtime-ingress-nginx)
 *       spec.chart.spec.version: "4.11.3" -> "5.0.0"
 *   + v1 ConfigMap ingress-nginx/extra
 * ```
 */
export function formatRenderedDiff(diff: RenderedDiff, options: FormatRenderedDiffOptions = {}): string {
  const shown = options.envsShown ?? 5;
  const width = options.valueWidth ?? 80;
  const value = (v: unknown) => {
    const s = v === undefined ? 'undefined' : JSON.stringify(v);
    return s.length > width ? `${s.slice(0, width - 1)}…` : s;
  };
  const lines: string[] = [];
  const n = diff.groups.length;
  lines.push(
    `rendered diff (what Flux applies): ${n === 0 ? 'no object changes' : `${n} group${n === 1 ? '' : 's'} of changes`}${diff.unchanged.length ? `, ${diff.unchanged.length} env${diff.unchanged.length === 1 ? '' : 's'} unchanged` : ''}`,
  );
  for (const g of diff.groups) {
    lines.push(
      `== ${groupTitle(g)}: ${g.environments.slice(0, shown).join(', ')}${g.environments.length > shown ? ` +${g.environments.length - shown} more` : ''}`,
    );
    for (const d of g.dangers) lines.push(`  ! ${formatDiagnostic(d)}`);
    for (const c of g.changes) {
      const mark = c.op === 'add' ? '+' : c.op === 'remove' ? '-' : '~';
      lines.push(
        `  ${mark} ${c.object.apiVersion} ${describeObject(c.object)} (applied by ${c.appliedBy}, from ${c.file})`,
      );
      for (const f of c.fields) {
        if (f.op === 'add') lines.push(`      + ${f.path}: ${value(f.after)}`);
        else if (f.op === 'remove') lines.push(`      - ${f.path}: ${value(f.before)}`);
        else lines.push(`      ${f.path}: ${value(f.before)} -> ${value(f.after)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** "the same change in 203 envs of stage prod", "env prod-eu (stage prod)". */
export function groupTitle(g: RenderedDiffGroup): string {
  const stages = g.stages.length ? ` of stage${g.stages.length === 1 ? '' : 's'} ${g.stages.join(', ')}` : '';
  return g.environments.length === 1
    ? `env ${g.environments[0]}${g.stages.length ? ` (stage ${g.stages[0]})` : ''}`
    : `the same change in ${g.environments.length} envs${stages}`;
}
