import { z } from 'zod/v3';
import { name, ownerRef, requestMeta } from './common';

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
