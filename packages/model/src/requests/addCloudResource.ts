import { z } from 'zod/v3';
import { name, requestMeta, target, version } from './common';
import { defineRequestKind } from './spec';
import { describeTarget } from '../layout';

/**
 * Asks for a cloud resource of a class on the menu (issue 21) for an app in a
 * stage or one env: the object lands in the app's own path, in its namespace,
 * and publishes its outputs in the Secret `<name>-connection` the app mounts.
 */
export const addCloudResourceRequest = z
  .object({
    kind: z.literal('AddCloudResource'),
    app: name,
    target,
    name: name.describe('The resource name (the object and its connection Secret <name>-connection)'),
    class: name.describe('A cloud resource class of the menu (cloud/<class>/)'),
    version: version.optional().describe("The class version (default: the class's newest stable version)"),
    parameters: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("Parameters per the class's JSON schema (its defaults fill the rest)"),
    deletionPolicy: z
      .enum(['Orphan', 'Delete'])
      .optional()
      .describe("What removing the object does to the cloud resource (default: the stage's, Orphan unless set)"),
    ...requestMeta,
  })
  .strict();

export const addCloudResourceSpec = defineRequestKind({
  schema: addCloudResourceRequest,
  audience: 'tenant',
  noun: 'cloud-resource',
  verb: 'add',
  command: 'cloud add',
  targetFields: ['target'],
  subject: (r) => `${r.app}-${r.name}`,
  describe: (r) =>
    `Add cloud resource ${r.name} (${r.class}${r.version ? ` ${r.version}` : ''}) to ${r.app} in ${describeTarget(r.target)}`,
});
