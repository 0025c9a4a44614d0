import { z } from 'zod/v3';
import { name, requestMeta, version } from './common';
import { defineRequestKind } from './spec';

/** Removes a version no stage uses (ComponentVersionInUse otherwise). */
export const removeComponentVersionRequest = z
  .object({ kind: z.literal('RemoveComponentVersion'), service: name, version, ...requestMeta })
  .strict();

export const removeComponentVersionSpec = defineRequestKind({
  schema: removeComponentVersionRequest,
  audience: 'platform',
  noun: 'component-version',
  verb: 'remove',
  command: 'menu remove',
  targetFields: [],
  subject: (r) => `${r.service}-${r.version}`,
  describe: (r) => `Remove ${r.service} ${r.version} from the menu`,
});
