import { z } from 'zod/v3';
import { layout } from '../layout';
import { parseWithSchema } from '../schemas';
import type { Diagnostic } from '../errors';
import type { Freeze } from './freezes';

/**
 * The shape of `spec.freezes` in platter.yaml (issue 19 §4). Read on its own,
 * beside the settings schema (which passes unknown fields through), so a
 * malformed freeze is one InvalidSettings finding and never hides the settings.
 *
 * ```yaml
 * spec:
 *   freezes:
 *     - name: black-friday
 *       stages: [prod]
 *       environments: [staging-eu]
 *       from: 2026-11-27
 *       until: 2026-12-01          # optional: without it the line stops until the freeze is removed
 *       reason: Black Friday traffic
 *       overrideBy: [group:default/sre]
 * ```
 */
// YAML 1.1 reads an unquoted date as a timestamp: accept both, keep the date as written (UTC).
const when = z.union([
  z.string(),
  z
    .date()
    .transform((d) =>
      d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() ? d.toISOString() : d.toISOString().slice(0, 10),
    ),
]);
const strList = z.array(z.string()).default([]);

export const freezeSchema = z
  .object({
    name: z.string().optional(),
    stages: strList,
    environments: strList,
    from: when,
    until: when.optional(),
    reason: z.string().min(1),
    overrideBy: strList,
  })
  .passthrough();

export const freezesSchema = z.array(freezeSchema).default([]);

/**
 * The freezes of platter.yaml's parsed document (its root value): [] when it
 * has none, with a finding per malformed field (and then no freezes, so a
 * broken freeze section is loud, not silently open).
 */
export function parseFreezes(settingsDocument: unknown): { freezes: Freeze[]; diagnostics: Diagnostic[] } {
  const spec = (settingsDocument as { spec?: { freezes?: unknown } } | undefined)?.spec;
  const { value, diagnostics } = parseWithSchema(
    freezesSchema,
    spec?.freezes ?? [],
    `${layout.settings}#spec.freezes`,
    'InvalidSettings',
  );
  if (!value) return { freezes: [], diagnostics };
  return {
    freezes: value.map((f, i) => ({
      name: f.name ?? `freeze-${i + 1}`,
      stages: f.stages,
      environments: f.environments,
      from: f.from,
      ...(f.until !== undefined ? { until: f.until } : {}),
      reason: f.reason,
      overrideBy: f.overrideBy,
    })),
    diagnostics,
  };
}
