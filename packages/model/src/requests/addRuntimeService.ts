import { z } from 'zod/v3';
import { name, requestMeta, values, version, chart, addonSpec, manifestFiles, checkComponentSource } from './common';
import { defineRequestKind } from './spec';

/** A new runtime service on the menu, with its first version: a Helm chart or a directory of plain manifests. */
export const addRuntimeServiceRequest = z
  .object({
    kind: z.literal('AddRuntimeService'),
    name,
    version: version.default('1.0.0'),
    description: z.string().optional(),
    namespace: name.optional().describe('Default: the service name'),
    chart: chart.optional().describe('The Helm chart (or give manifests)'),
    manifests: manifestFiles
      .optional()
      .describe('Plain manifests of _base (or give chart): the component is these files, copied verbatim'),
    values: values.default({}),
    dependsOn: z.array(name).default([]),
    requires: z
      .object({ config: z.array(z.string()).default([]), secrets: z.array(z.string()).default([]) })
      .strict()
      .default({}),
    addons: z.array(addonSpec).default([]),
    ...requestMeta,
  })
  .strict();

export const addRuntimeServiceSpec = defineRequestKind({
  schema: addRuntimeServiceRequest,
  audience: 'platform',
  noun: 'runtime-service',
  verb: 'add',
  command: 'menu add',
  check: (r) => checkComponentSource('AddRuntimeService', r),
  targetFields: [],
  subject: (r) => r.name,
  describe: (r) => `Add runtime service ${r.name} ${r.version} to the menu`,
});
