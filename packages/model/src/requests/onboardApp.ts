import { z } from 'zod/v3';
import { name, requestMeta, target, values, version, appSource } from './common';
import { defineRequestKind } from './spec';
import { describeTarget } from '../layout';

/** A tenant app, bound to stages or deployed to single environments, at one version. */
export const onboardAppRequest = z
  .object({
    kind: z.literal('OnboardApp'),
    name,
    tenant: name,
    namespace: name.optional().describe("Default: the tenant's first namespace"),
    source: appSource,
    dependsOn: z.array(name).default([]).describe('Runtime services the app needs'),
    targets: z.array(target).min(1),
    version,
    values: z.record(z.string(), values).default({}).describe('Helm values per stage or env name'),
    ...requestMeta,
  })
  .strict();

export const onboardAppSpec = defineRequestKind({
  schema: onboardAppRequest,
  audience: 'tenant',
  noun: 'app',
  verb: 'onboard',
  command: 'app add',
  targetFields: ['targets'],
  subject: (r) => r.name,
  describe: (r) => `Onboard app ${r.name} (${r.tenant}) ${r.version} to ${r.targets.map(describeTarget).join(', ')}`,
});
