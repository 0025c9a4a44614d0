import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * PlatterText: a text field checked by a model rule as the user types (issue 23
 * item 1). Value: the string.
 *
 * ui:options
 * - `rule`: `name` (a DNS-label name, checkName) or `version` (SemVer, checkVersion).
 * - `thing`: for `rule: name`, what is named (`app`, `tenant`, `environment`,
 *   `stage`, ...): reserved names differ per thing. @default app
 * - `what`: for `rule: version`, how the message names the value. @default version
 */
export const PlatterTextFieldSchema = makeFieldSchema({
  output: (z) => z.string(),
  uiOptions: (z) =>
    z.object({
      rule: z.enum(['name', 'version']).describe('The model rule that checks the value'),
      thing: z.string().optional().describe('What the name names (app, tenant, environment, stage, ...)'),
      what: z.string().optional().describe('How a version finding names the value'),
    }),
});

export type PlatterTextUiOptions = typeof PlatterTextFieldSchema.uiOptionsType;
