import { z } from 'zod/v3';
import { name, ownerRef, requestMeta } from './common';
import { defineRequestKind } from './spec';

/** A tenant team, onboarded into one or more stages (existing tenants gain the stages). */
export const onboardTenantRequest = z
  .object({
    kind: z.literal('OnboardTenant'),
    name,
    owner: ownerRef,
    codeowners: z.array(z.string()).default([]).describe('CODEOWNERS handles of the team (@org/team)'),
    namespaces: z.array(name).default([]).describe('Namespaces the tenant owns (default: one named after it)'),
    stages: z.array(name).min(1),
    ...requestMeta,
  })
  .strict();

export const onboardTenantSpec = defineRequestKind({
  schema: onboardTenantRequest,
  audience: 'tenant',
  noun: 'tenant',
  verb: 'onboard',
  command: 'tenant add',
  targetFields: [],
  subject: (r) => r.name,
  describe: (r) => `Onboard tenant ${r.name} into ${r.stages.join(', ')}`,
});
