import { z } from 'zod/v3';
import { name, requestMeta, values, version } from './common';
import { defineRequestKind } from './spec';

/** Adds a runtime service to one stage, at a version of the menu and with a list of its addons. */
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

export const addComponentToStageSpec = defineRequestKind({
  schema: addComponentToStageRequest,
  audience: 'platform',
  noun: 'stage-component',
  verb: 'add',
  command: 'component add',
  targetFields: [],
  subject: (r) => `${r.stage}-${r.service}`,
  describe: (r) => `Add ${r.service}${r.version ? ` ${r.version}` : ''} to stage ${r.stage}`,
});
