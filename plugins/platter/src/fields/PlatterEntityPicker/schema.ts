import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * PlatterEntityPicker: a stage, env or runtime component picked by its title
 * (issue 23 item 5). Value: a string, or a list of them when the template's
 * property is `type: array`; see fieldValueOf for what the string is.
 *
 * ui:options
 * - `types`: the entity types offered (`stage`, `environment`, `runtime-component`);
 *   with both stages and envs the values are `stage:<name>` and `env:<name>`.
 */
export const PlatterEntityPickerFieldSchema = makeFieldSchema({
  output: (z) => z.union([z.string(), z.array(z.string())]),
  uiOptions: (z) =>
    z.object({
      types: z
        .array(z.enum(['stage', 'environment', 'runtime-component']))
        .min(1)
        .describe('The Platter entity types offered'),
    }),
});

export type PlatterEntityPickerUiOptions = typeof PlatterEntityPickerFieldSchema.uiOptionsType;
