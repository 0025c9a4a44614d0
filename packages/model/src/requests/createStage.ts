import { z } from 'zod/v3';
import { diagnostic, type Diagnostic } from '../errors';
import { configData, name, requestMeta } from './common';
import { defineRequestKind } from './spec';

/**
 * A new stage: its place in platter.yaml's promotion order, the stage it is
 * promoted from (and, to insert it into a chain, the later stages promoted from
 * it from now on), whether it takes prerelease versions, its stage config, and
 * the runtime components it starts with (a copy of another stage's, or none).
 */
export const createStageRequest = z
  .object({
    kind: z.literal('CreateStage'),
    name,
    after: name.optional().describe('The stage it comes right after in the promotion order (default: last)'),
    position: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Its place in the promotion order, 1 = first (instead of after; default: last)'),
    promotesFrom: name.optional().describe('The stage whose versions are promoted into it (must come before it)'),
    promotesTo: z
      .array(name)
      .default([])
      .describe('Stages after it that are promoted from it from now on (inserting it into the chain; default: none)'),
    allowPrerelease: z.boolean().default(false).describe('Whether it may run prerelease versions (1.3.0-rc.1)'),
    copyComponentsFrom: name
      .optional()
      .describe('A stage whose runtime components (versions, addons, values) it starts with (default: none)'),
    config: configData.default({}).describe('Stage config (stage-config): domain, …'),
    ...requestMeta,
  })
  .strict();

export const createStageSpec = defineRequestKind({
  schema: createStageRequest,
  check: (r) => {
    const out: Diagnostic[] = [];
    if (r.after !== undefined && r.position !== undefined)
      out.push(diagnostic('InvalidRequest', 'CreateStage: give after or position, not both', 'position'));
    for (const field of ['after', 'promotesFrom', 'copyComponentsFrom'] as const)
      if (r[field] === r.name)
        out.push(diagnostic('InvalidRequest', `CreateStage: ${field} names the new stage itself`, field));
    r.promotesTo.forEach((s, i) => {
      if (s === r.name)
        out.push(diagnostic('InvalidRequest', 'CreateStage: promotesTo names the new stage itself', `promotesTo.${i}`));
      else if (s === r.promotesFrom)
        out.push(
          diagnostic(
            'InvalidRequest',
            `CreateStage: "${s}" cannot both promote into it and from it`,
            `promotesTo.${i}`,
          ),
        );
    });
    return out;
  },
  audience: 'platform',
  noun: 'stage',
  verb: 'create',
  command: 'stage add',
  targetFields: [],
  stageFields: ['after', 'promotesFrom', 'promotesTo', 'copyComponentsFrom'],
  subject: (r) => r.name,
  // promotesFrom always in the title (or "none"): history reads a commit's kind back from its fixed words.
  describe: (r) => `Create stage ${r.name} (promoted from ${r.promotesFrom ?? 'none'})`,
});
