import { z } from 'zod/v3';
import { name, requestMeta } from './common';

/** Enables an addon for a stage, or for one env as an override (exactly one of stage/env). */
export const disableAddonRequest = z
  .object({ kind: z.literal('DisableAddon'), service: name, addon: name, stage: name.optional(), env: name.optional(), ...requestMeta })
  .strict();
