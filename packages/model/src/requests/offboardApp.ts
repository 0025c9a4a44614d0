import { z } from 'zod/v3';
import { name, requestMeta, target } from './common';

/** Removes an app from some targets, or entirely. */
export const offboardAppRequest = z
  .object({ kind: z.literal('OffboardApp'), name, targets: z.array(target).optional(), ...requestMeta })
  .strict();
