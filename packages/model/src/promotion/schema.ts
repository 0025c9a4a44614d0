import { z } from 'zod/v3';
import { diagnostic, type Diagnostic } from '../errors';
import { layout } from '../layout';
import { parseWithSchema } from '../schemas';

/**
 * Promotion from CI (issue 20): per stage of platter.yaml, how long a version
 * must have run in the stage it promotes from (`soak`) before `platter ci
 * promote` proposes it, and what CI may propose on its own (`auto`: `apps`
 * (every tenant's apps), a tenant's name (its apps), `components` (the
 * runtime components of the menu)). A stage without `promotion`, or with an
 * empty `auto`, is promoted by people only. Read beside the settings schema
 * (which passes unknown fields through), like `spec.freezes`:
 *
 * ```yaml
 * spec:
 *   stages:
 *     - name: prod
 *       promotesFrom: staging
 *       promotion:
 *         soak: 2d                 # m, h, d or w
 *         auto: [apps, components]
 * ```
 */
export interface PromotionPolicy {
  /** The stage promoted into. */
  readonly stage: string;
  /** The stage its versions come from (its `promotesFrom`). */
  readonly from: string;
  /** As written: `2d`. */
  readonly soak: string;
  readonly soakMs: number;
  /** `apps`, `components`, or tenant names. */
  readonly auto: readonly string[];
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+)(m|h|d|w)$/;

/** Milliseconds of a soak time (`30m`, `24h`, `2d`, `1w`); NaN when it is none of these. */
export function parseSoak(text: string): number {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]!]! : Number.NaN;
}

export const promotionSchema = z
  .object({
    soak: z.string().refine((s) => !Number.isNaN(parseSoak(s)), { message: 'a duration like 30m, 24h, 2d or 1w' }),
    auto: z.array(z.string()).default([]),
  })
  .strict();

const stagesSchema = z
  .array(z.object({ name: z.string(), promotesFrom: z.string().optional(), promotion: z.unknown() }).passthrough())
  .default([]);

/**
 * The promotion policies of platter.yaml's parsed document (its root value),
 * one per stage that has `promotion`, with a finding (InvalidSettings) per
 * malformed one and for a stage that has `promotion` but promotes from nothing.
 * Unknown tenants in `auto` are checkPromotionPolicies' to report.
 */
export function parsePromotionPolicies(settingsDocument: unknown): {
  policies: PromotionPolicy[];
  diagnostics: Diagnostic[];
} {
  const spec = (settingsDocument as { spec?: { stages?: unknown } } | undefined)?.spec;
  const stages = stagesSchema.safeParse(spec?.stages ?? []);
  if (!stages.success) return { policies: [], diagnostics: [] }; // the settings schema reports malformed stages
  const policies: PromotionPolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  stages.data.forEach((stage, i) => {
    if (stage.promotion === undefined) return;
    const path = `${layout.settings}#spec.stages.${i}.promotion`;
    const parsed = parseWithSchema(promotionSchema, stage.promotion, path, 'InvalidSettings');
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.value) return;
    if (!stage.promotesFrom) {
      diagnostics.push(
        diagnostic(
          'InvalidSettings',
          `stage "${stage.name}" has promotion but no promotesFrom: name the stage its versions come from`,
          path,
        ),
      );
      return;
    }
    policies.push({
      stage: stage.name,
      from: stage.promotesFrom,
      soak: parsed.value.soak,
      soakMs: parseSoak(parsed.value.soak),
      auto: parsed.value.auto,
    });
  });
  return { policies, diagnostics };
}
