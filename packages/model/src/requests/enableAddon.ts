import { z } from 'zod/v3';
import { name, requestMeta, checkStageOrEnv, version } from './common';
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
    /**
     * The component version the requester saw running at the target (the form's
     * addon picker sends it): the addon is enabled on what runs there, and a
     * target that runs another version by the time it is planned is a Conflict.
     */
    version: version
      .optional()
      .describe('The version of the component running at the target, as the requester saw it (else: whatever runs)'),
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
