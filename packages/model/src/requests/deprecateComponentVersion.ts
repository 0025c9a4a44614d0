import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';

/** Releases a new version of a service from an existing one: new chart version, optional changes. */
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
