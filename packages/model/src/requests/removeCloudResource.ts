import { z } from 'zod/v3';
import { name, requestMeta, target } from './common';
import { defineRequestKind } from './spec';
import { describeTarget } from '../layout';

/**
 * Removes a cloud resource of an app (issue 21). The requester confirms the
 * resource's deletionPolicy (`Orphan` keeps the cloud resource, `Delete`
 * destroys it): a removal that does not name the policy the object has is
 * refused (DeletionPolicyNotConfirmed), so nobody deletes a database by accident.
 */
export const removeCloudResourceRequest = z
  .object({
    kind: z.literal('RemoveCloudResource'),
    app: name,
    target,
    name,
    confirmDeletionPolicy: z
      .enum(['Orphan', 'Delete'])
      .optional()
      .describe("The resource's deletionPolicy, confirmed: required, and must be the one it has"),
    ...requestMeta,
  })
  .strict();

export const removeCloudResourceSpec = defineRequestKind({
  schema: removeCloudResourceRequest,
  audience: 'tenant',
  noun: 'cloud-resource',
  verb: 'remove',
  command: 'cloud remove',
  targetFields: ['target'],
  subject: (r) => `${r.app}-${r.name}`,
  describe: (r) =>
    `Remove cloud resource ${r.name} of ${r.app} in ${describeTarget(r.target)}${r.confirmDeletionPolicy ? ` (${r.confirmDeletionPolicy})` : ''}`,
});
