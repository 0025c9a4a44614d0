import { z } from 'zod/v3';
import { name, requestMeta, target, version } from './common';
import { defineRequestKind } from './spec';
import { describeTarget } from '../layout';

/**
 * Promotes an app's version to targets (default: the stages that promote from
 * `from`). Promoting into a stage the app is not bound to binds and pins it.
 * A lower version is a Downgrade: use Rollback.
 */
export const promoteAppRequest = z
  .object({
    kind: z.literal('PromoteApp'),
    app: name,
    from: target
      .optional()
      .describe('Where the version comes from (default: the stage the first target promotes from)'),
    to: z.array(target).min(1),
    version: version.optional().describe('Default: the version pinned at `from`'),
    ...requestMeta,
  })
  .strict();

export const promoteAppSpec = defineRequestKind({
  schema: promoteAppRequest,
  audience: 'tenant',
  noun: 'app',
  verb: 'promote',
  command: 'promote',
  targetFields: ['from', 'to'],
  subject: (r) => r.app,
  describe: (r) => `Promote ${r.app}${r.version ? ` ${r.version}` : ''} to ${r.to.map(describeTarget).join(', ')}`,
});
