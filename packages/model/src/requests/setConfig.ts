import { z } from 'zod/v3';
import { name, requestMeta, configData, checkStageOrEnv } from './common';
import { diagnostic } from '../errors';
import { defineRequestKind } from './spec';
import { describeTarget, targetOf } from '../layout';

/** Sets (or unsets) config keys of a stage or one environment. */
export const setConfigRequest = z
  .object({
    kind: z.literal('SetConfig'),
    stage: name.optional(),
    env: name.optional(),
    set: configData.default({}),
    unset: z.array(z.string()).default([]),
    ...requestMeta,
  })
  .strict();

export const setConfigSpec = defineRequestKind({
  schema: setConfigRequest,
  check: (r) => [
    ...checkStageOrEnv('SetConfig', r),
    ...(Object.keys(r.set).length === 0 && r.unset.length === 0
      ? [diagnostic('InvalidRequest', 'SetConfig: nothing to set or unset', 'set')]
      : []),
  ],
  audience: 'platform',
  noun: 'config',
  verb: 'set',
  command: 'config set',
  targetFields: [],
  subject: (r) => (r.stage ?? r.env)!,
  describe: (r) =>
    `Set config of ${describeTarget(targetOf(r))}: ${[...Object.keys(r.set), ...r.unset.map((k) => `-${k}`)].join(', ')}`,
});
