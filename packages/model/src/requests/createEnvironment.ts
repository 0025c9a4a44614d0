import { z } from 'zod/v3';
import { name, ownerRef, requestMeta, secretInput, configData } from './common';
import { defineRequestKind } from './spec';

/** A new environment (one cluster) in a stage, with its cluster facts and secrets. */
export const createEnvironmentRequest = z
  .object({
    kind: z.literal('CreateEnvironment'),
    name,
    stage: name,
    owner: ownerRef.optional(),
    ageRecipients: z.array(z.string()).min(1).describe("age recipients of the cluster's SOPS key (age1…)"),
    config: configData.default({}).describe('Cluster facts: cluster_name, region, cloud outputs'),
    secrets: z.array(secretInput).default([]),
    ...requestMeta,
  })
  .strict();

export const createEnvironmentSpec = defineRequestKind({
  schema: createEnvironmentRequest,
  audience: 'platform',
  noun: 'environment',
  verb: 'create',
  command: 'env add',
  targetFields: [],
  subject: (r) => r.name,
  describe: (r) => `Create environment ${r.name} in stage ${r.stage}`,
  secrets: { field: 'secrets', env: (r) => r.name, recipients: (r) => r.ageRecipients },
});
