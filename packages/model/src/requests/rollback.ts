import { z } from 'zod/v3';
import { name, requestMeta, target, version } from './common';
import { defineRequestKind } from './spec';
import { describeTarget } from '../layout';

/** Pins an older version explicitly (the one request allowed to go down). */
export const rollbackRequest = z
  .object({ kind: z.literal('Rollback'), app: name, target, version, ...requestMeta })
  .strict();

export const rollbackSpec = defineRequestKind({
  schema: rollbackRequest,
  audience: 'tenant',
  noun: 'app',
  verb: 'rollback',
  command: 'rollback',
  targetFields: ['target'],
  subject: (r) => r.app,
  describe: (r) => `Roll back ${r.app} to ${r.version} in ${describeTarget(r.target)}`,
});
