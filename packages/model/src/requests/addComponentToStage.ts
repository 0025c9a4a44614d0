import { z } from 'zod/v3';
import { name, requestMeta, values, version } from './common';

/** Points one stage at another version of a service (every selected addon must exist there). */
export const addComponentToStageRequest = z
  .object({
    kind: z.literal('AddComponentToStage'),
    stage: name,
    service: name,
    version: version.optional().describe('Default: the newest version the stage allows'),
    addons: z.array(name).default([]),
    values: values.optional().describe('Stage-specific Helm values'),
    ...requestMeta,
  })
  .strict();
