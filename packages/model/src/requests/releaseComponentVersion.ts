import { z } from 'zod/v3';
import { name, requestMeta, values, version, addonSpec, manifestFiles } from './common';
import { defineRequestKind } from './spec';

/** Releases a new version of a service from an existing one: new chart version or new manifests, optional changes. */
export const releaseComponentVersionRequest = z
  .object({
    kind: z.literal('ReleaseComponentVersion'),
    service: name,
    version,
    from: version.describe('The released version to start from'),
    chartVersion: z.string().optional(),
    description: z.string().optional(),
    values: values.optional().describe('Replaces the base Helm values'),
    manifests: manifestFiles
      .optional()
      .describe('Replaces the _base manifests (components of plain manifests; addons are kept)'),
    addAddons: z.array(addonSpec).default([]),
    removeAddons: z.array(name).default([]),
    ...requestMeta,
  })
  .strict();

export const releaseComponentVersionSpec = defineRequestKind({
  schema: releaseComponentVersionRequest,
  audience: 'platform',
  noun: 'component-version',
  verb: 'release',
  command: 'menu release',
  targetFields: [],
  subject: (r) => `${r.service}-${r.version}`,
  describe: (r) => `Release ${r.service} ${r.version} (from ${r.from})`,
});
