import { z } from 'zod/v3';
import { name, requestMeta, configData } from './common';

/** Sets (or unsets) config keys of a stage or one environment. */
export const setConfigRequest = z
  .object({
    kind: z.literal('SetConfig'),
    stage: name.optional(),
    env: name.optional(),
    set: configData.default({}),
    unset: z.array(z.string()).default([]),
    ...requestMeta,
  })
  .strict();
