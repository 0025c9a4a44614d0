import { z } from 'zod/v3';
import { name, requestMeta } from './common';
import { defineRequestKind } from './spec';

/** Removes a runtime service from one stage. */
export const removeComponentFromStageRequest = z
  .object({ kind: z.literal('RemoveComponentFromStage'), stage: name, service: name, ...requestMeta })
  .strict();

export const removeComponentFromStageSpec = defineRequestKind({
  schema: removeComponentFromStageRequest,
  audience: 'platform',
  noun: 'stage-component',
  verb: 'remove',
  command: 'component remove',
  targetFields: [],
  subject: (r) => `${r.stage}-${r.service}`,
  describe: (r) => `Remove ${r.service} from stage ${r.stage}`,
});
