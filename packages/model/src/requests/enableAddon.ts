import { z } from 'zod/v3';
import { name, requestMeta, checkStageOrEnv } from './common';
import { defineRequestKind } from './spec';
import { describeTarget, targetOf } from '../layout';

/** Enables an addon for a stage, or for one env as an override (exactly one of stage/env). */
export const enableAddonRequest = z
  .object({
    kind: z.literal('EnableAddon'),
    service: name,
    addon: name,
    stage: name.optional(),
    env: name.optional(),
    ...requestMeta,
  })
  .strict();

export const enableAddonSpec = defineRequestKind({
  schema: enableAddonRequest,
  check: (r) => checkStageOrEnv('EnableAddon', r),
  audience: 'tenant',
  noun: 'addon',
  verb: 'enable',
  command: 'addon enable',
  targetFields: [],
  subject: (r) => `${r.service}-${r.addon}-${r.stage ?? r.env}`,
  describe: (r) => `Enable ${r.service} addon ${r.addon} for ${describeTarget(targetOf(r))}`,
});
