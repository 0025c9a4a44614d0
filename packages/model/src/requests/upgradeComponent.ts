import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';
import { defineRequestKind } from './spec';

/** Points one stage at another version of a service (every selected addon must exist there). */
export const upgradeComponentRequest = z
  .object({ kind: z.literal('UpgradeComponent'), stage: name, service: name, version, ...requestMeta })
  .strict();

export const upgradeComponentSpec = defineRequestKind({
  schema: upgradeComponentRequest,
  audience: 'platform',
  noun: 'component',
  verb: 'upgrade',
  command: 'menu upgrade',
  targetFields: [],
  subject: (r) => `${r.stage}-${r.service}`,
  describe: (r) => `Upgrade ${r.service} to ${r.version} in stage ${r.stage}`,
});
