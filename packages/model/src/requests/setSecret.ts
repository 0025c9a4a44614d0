import { z } from 'zod/v3';
import { name, requestMeta, secretInput } from './common';
import { defineRequestKind } from './spec';

/**
 * Creates or replaces one encrypted Secret of an environment
 * (`envs/<env>/secrets/<name>.yaml.encrypted`). `rotate: false` (create) is a
 * no-op when the secret exists with the same keys; `rotate: true` re-encrypts.
 */
export const setSecretRequest = z
  .object({
    kind: z.literal('SetSecret'),
    env: name,
    secret: secretInput,
    rotate: z.boolean().default(false),
    ...requestMeta,
  })
  .strict();

export const setSecretSpec = defineRequestKind({
  schema: setSecretRequest,
  audience: 'platform',
  noun: 'secret',
  verb: 'set',
  command: 'secret set',
  targetFields: [],
  subject: (r) => `${r.env}-${r.secret.name}`,
  describe: (r) => `${r.rotate ? 'Rotate' : 'Set'} secret ${r.secret.name} of env ${r.env}`,
  secrets: { field: 'secret', env: (r) => r.env },
});
