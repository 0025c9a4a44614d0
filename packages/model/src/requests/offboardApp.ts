import { z } from 'zod/v3';
import { name, requestMeta, target } from './common';
import { defineRequestKind } from './spec';
import { describeTarget } from '../layout';

/** Removes an app from some targets, or entirely. */
export const offboardAppRequest = z
  .object({ kind: z.literal('OffboardApp'), name, targets: z.array(target).optional(), ...requestMeta })
  .strict();

export const offboardAppSpec = defineRequestKind({
  schema: offboardAppRequest,
  audience: 'tenant',
  noun: 'app',
  verb: 'offboard',
  command: 'app remove',
  targetFields: ['targets'],
  subject: (r) => r.name,
  describe: (r) => `Offboard app ${r.name}${r.targets ? ` from ${r.targets.map(describeTarget).join(', ')}` : ''}`,
});
