import { z } from 'zod/v3';
import { name, requestMeta } from './common';
import { defineRequestKind } from './spec';

/**
 * Removes a stage no environment and no app uses. A stage other stages promote
 * from is refused too, unless `relink` asks to link them to the deleted stage's
 * own `promotesFrom` (dev -> staging -> prod without staging: dev -> prod).
 */
export const deleteStageRequest = z
  .object({
    kind: z.literal('DeleteStage'),
    name,
    relink: z
      .boolean()
      .default(false)
      .describe('Stages promoted from it are promoted from its own promotesFrom instead (default: refuse)'),
    ...requestMeta,
  })
  .strict();

export const deleteStageSpec = defineRequestKind({
  schema: deleteStageRequest,
  audience: 'platform',
  noun: 'stage',
  verb: 'delete',
  command: 'stage remove',
  targetFields: [],
  nameRefers: 'stage',
  subject: (r) => r.name,
  describe: (r) => `Delete stage ${r.name}`,
});
