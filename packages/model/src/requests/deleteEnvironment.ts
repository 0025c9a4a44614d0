import { z } from 'zod/v3';
import { name, requestMeta } from './common';

/** Removes an environment and everything that is only its own (env-only app deployments, overlays). */
export const deleteEnvironmentRequest = z
  .object({ kind: z.literal('DeleteEnvironment'), name, ...requestMeta })
  .strict();
