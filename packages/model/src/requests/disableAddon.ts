import { z } from 'zod/v3';
import { name, requestMeta, checkStageOrEnv } from './common';
import { defineRequestKind } from './spec';
import { describeTarget, targetOf } from '../layout';

/** Disables an addon for a stage, or for one env as an override (exactly one of stage/env). */
export const disableAddonRequest = z
  .object({
    kind: z.literal('DisableAddon'),
    service: name,
    addon: name,
    stage: name.optional(),
    env: name.optional(),
    ...requestMeta,
  })
  .strict();

export const disableAddonSpec = defineRequestKind({
  schema: disableAddonRequest,
  check: (r) => checkStageOrEnv('DisableAddon', r),
  audience: 'tenant',
  noun: 'addon',
  verb: 'disable',
  command: 'addon disable',
  targetFields: [],
  subject: (r) => `${r.service}-${r.addon}-${r.stage ?? r.env}`,
  describe: (r) => `Disable ${r.service} addon ${r.addon} for ${describeTarget(targetOf(r))}`,
});
