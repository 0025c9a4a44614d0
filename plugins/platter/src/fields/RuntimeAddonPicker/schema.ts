import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * RuntimeAddonPicker: value `{ service, version, addons }` (RuntimeAddonPickerValue).
 *
 * ui:options
 * - `stage`: the stage the component is for. Versions that stage refuses
 *   (sunset, or a prerelease where prereleases are not allowed) are hidden, and
 *   findings name the stage.
 * - `stageField`: instead of `stage`, the name of another form field that holds
 *   the stage (read from the whole form's data).
 * - `environmentField`: the name of the form field that holds an environment.
 * Without any, sunset versions are still hidden (lifecycle applies to every stage).
 * - `runningOnly`: with a stage or an env in the form, offer only the components
 *   running there, each at the version it runs there (an addon request changes
 *   what runs; it does not choose a version).
 */
export const RuntimeAddonPickerFieldSchema = makeFieldSchema({
  output: (z) =>
    z.object({
      service: z.string().describe('Runtime component (service) on the menu'),
      version: z.string().describe('Released version of the component'),
      addons: z.array(z.string()).describe('Addons of that version'),
    }),
  uiOptions: (z) =>
    z.object({
      stage: z.string().optional().describe('Stage the component is for'),
      stageField: z.string().optional().describe('Name of the form field holding the stage'),
      environmentField: z.string().optional().describe('Name of the form field holding the environment'),
      runningOnly: z.boolean().optional().describe('Offer what runs at the stage or env, at its version'),
    }),
});

export type RuntimeAddonPickerUiOptions = typeof RuntimeAddonPickerFieldSchema.uiOptionsType;
