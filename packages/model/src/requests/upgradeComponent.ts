import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';

/** Points one stage at another version of a service (every selected addon must exist there). */
export const upgradeComponentRequest = z
  .object({ kind: z.literal('UpgradeComponent'), stage: name, service: name, version, ...requestMeta })
  .strict();
