import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * PlatterEntityPicker: a stage, env or runtime component picked by its title
 * (issue 23 item 5). Value: a string, or a list of them when the template's
 * property is `type: array`; see fieldValueOf for what the string is.
 *
 * ui:options
 * - `types`: the entity types offered (`stage`, `environment`, `runtime-component`);
 *   with both stages and envs the values are `stage:<name>` and `env:<name>`.
 * - `asTargets`: the values are targets, `stage:<name>` / `env:<name>`, even with
 *   one type (a template that joins a stages field and an envs field into one
 *   list of targets). @default false
 */
export const PlatterEntityPickerFieldSchema = makeFieldSchema({
  output: (z) => z.union([z.string(), z.array(z.string())]),
  uiOptions: (z) =>
    z.object({
      types: z
        .array(z.enum(['stage', 'environment', 'runtime-component']))
        .min(1)
        .describe('The Platter entity types offered'),
      asTargets: z.boolean().optional().describe('Values as targets (stage:<name>, env:<name>) even with one type'),
    }),
});

export type PlatterEntityPickerUiOptions = typeof PlatterEntityPickerFieldSchema.uiOptionsType;
