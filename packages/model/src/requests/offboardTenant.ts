import { z } from 'zod/v3';
import { name, requestMeta } from './common';
import { defineRequestKind } from './spec';

/** Removes a tenant from some stages, or entirely (then its apps must be offboarded first, or `cascade`). */
export const offboardTenantRequest = z
  .object({
    kind: z.literal('OffboardTenant'),
    name,
    stages: z.array(name).optional().describe('Only these stages; default: the whole tenant'),
    cascade: z.boolean().default(false).describe("Also offboard the tenant's apps"),
    ...requestMeta,
  })
  .strict();

export const offboardTenantSpec = defineRequestKind({
  schema: offboardTenantRequest,
  audience: 'tenant',
  noun: 'tenant',
  verb: 'offboard',
  command: 'tenant remove',
  targetFields: [],
  nameRefers: 'tenant',
  subject: (r) => r.name,
  describe: (r) => `Offboard tenant ${r.name}${r.stages ? ` from ${r.stages.join(', ')}` : ''}`,
});
