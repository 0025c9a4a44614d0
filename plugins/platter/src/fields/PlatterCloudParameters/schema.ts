import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * PlatterCloudParameters: the parameters of a cloud resource class (issue 21),
 * as inputs generated from the class's JSON schema with the target stage's
 * limits folded in. Value: the parameters, typed as the schema says (numbers as
 * numbers, booleans as booleans), defaults filled in.
 *
 * ui:options (each names another field of the form, read from the whole form's data)
 * - `classField`: the field holding the class name. @default class
 * - `versionField`: the field holding the class version (empty: the newest stable). @default version
 * - `targetField`: the field holding the stage or env (an EntityPicker ref or a name). @default target
 */
export const PlatterCloudParametersFieldSchema = makeFieldSchema({
  output: (z) => z.record(z.unknown()),
  uiOptions: (z) =>
    z.object({
      classField: z.string().optional().describe('Name of the form field holding the class'),
      versionField: z.string().optional().describe('Name of the form field holding the class version'),
      targetField: z.string().optional().describe('Name of the form field holding the stage or environment'),
    }),
});

export type PlatterCloudParametersUiOptions = typeof PlatterCloudParametersFieldSchema.uiOptionsType;
