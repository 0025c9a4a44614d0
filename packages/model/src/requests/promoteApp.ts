import { z } from 'zod/v3';
import { name, requestMeta, target, version } from './common';

/**
 * Promotes an app's version to targets (default: the stages that promote from
 * `from`). Promoting into a stage the app is not bound to binds and pins it.
 * A lower version is a Downgrade: use Rollback.
 */
export const promoteAppRequest = z
  .object({
    kind: z.literal('PromoteApp'),
    app: name,
    from: target.optional().describe('Where the version comes from (default: the stage the first target promotes from)'),
    to: z.array(target).min(1),
    version: version.optional().describe('Default: the version pinned at `from`'),
    ...requestMeta,
  })
  .strict();
