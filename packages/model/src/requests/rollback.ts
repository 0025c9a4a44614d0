import { z } from 'zod/v3';
import { name, requestMeta, target, version } from './common';

/** Pins an older version explicitly (the one request allowed to go down). */
export const rollbackRequest = z
  .object({ kind: z.literal('Rollback'), app: name, target, version, ...requestMeta })
  .strict();
