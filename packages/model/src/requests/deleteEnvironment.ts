import { z } from 'zod/v3';
import { name, requestMeta } from './common';
import { defineRequestKind } from './spec';

/** Removes an environment and everything that is only its own (env-only app deployments, overlays). */
export const deleteEnvironmentRequest = z
  .object({ kind: z.literal('DeleteEnvironment'), name, ...requestMeta })
  .strict();

export const deleteEnvironmentSpec = defineRequestKind({
  schema: deleteEnvironmentRequest,
  audience: 'platform',
  noun: 'environment',
  verb: 'delete',
  command: 'env remove',
  targetFields: [],
  nameRefers: 'environment',
  subject: (r) => r.name,
  describe: (r) => `Delete environment ${r.name}`,
});
