import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';

/** Removes a version no stage uses (ComponentVersionInUse otherwise). */
export const removeComponentVersionRequest = z
  .object({ kind: z.literal('RemoveComponentVersion'), service: name, version, ...requestMeta })
  .strict();
