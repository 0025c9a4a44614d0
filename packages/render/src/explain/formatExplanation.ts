import { describeObject } from '../renderedDiff/diffObjects';
import type { Explanation } from './explainObject';

/**
 * An explanation as text, one step a line with its file and line
 * (`platter explain`):
 *
 * ```
 * HelmRelease ingress-nginx/ingress-nginx in env prod-eu, applied by flux-system/runtime-ingress-nginx
 *   env          env prod-eu                                   envs/prod-eu/kustomization.yaml:1
 *   stage        stage prod                                    envs/prod-eu/kustomization.yaml:9
 *   ...
 *   substitution ${cluster_name} from ConfigMap flux-system/env-config   envs/prod-eu/env-config.yaml:8  spec.values...
 * ```
 */
export function formatExplanation(e: Explanation): string {
  const lines = [`${describeObject(e.object)} in env ${e.env}, applied by ${e.appliedBy}`];
  const width = Math.max(...e.steps.map((s) => s.title.length));
  for (const s of e.steps) {
    const value = 'value' in s ? `  = ${JSON.stringify(s.value)}` : '';
    const fields = s.fields?.length ? `  (${s.fields.join(', ')})` : '';
    lines.push(`  ${s.step.padEnd(16)} ${s.title.padEnd(width)}  ${s.file}:${s.line}${fields}${value}`);
  }
  if (e.field) lines.push(`  ${e.field.path} = ${JSON.stringify(e.field.value)}`);
  if (e.gaps.length) lines.push(`  not explained: ${e.gaps.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
