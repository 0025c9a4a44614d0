import { z } from 'zod/v3';
import { name, requestMeta } from './common';

/** Points one stage at another version of a service (every selected addon must exist there). */
export const removeComponentFromStageRequest = z
  .object({ kind: z.literal('RemoveComponentFromStage'), stage: name, service: name, ...requestMeta })
  .strict();
