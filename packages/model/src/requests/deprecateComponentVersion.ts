import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';
import { defineRequestKind } from './spec';

/** Marks a released version deprecated, optionally with a sunset date after which no stage may run it. */
export const deprecateComponentVersionRequest = z
  .object({
    kind: z.literal('DeprecateComponentVersion'),
    service: name,
    version,
    sunset: z.string().optional().describe('YYYY-MM-DD after which no stage may run it'),
    message: z.string().optional().describe('What to move to'),
    ...requestMeta,
  })
  .strict();

export const deprecateComponentVersionSpec = defineRequestKind({
  schema: deprecateComponentVersionRequest,
  audience: 'platform',
  noun: 'component-version',
  verb: 'deprecate',
  command: 'menu deprecate',
  targetFields: [],
  subject: (r) => `${r.service}-${r.version}`,
  describe: (r) => `Deprecate ${r.service} ${r.version}${r.sunset ? ` (sunset ${r.sunset})` : ''}`,
});
