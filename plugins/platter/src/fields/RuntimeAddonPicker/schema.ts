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
 * Without either, sunset versions are still hidden (lifecycle applies to every stage).
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
    }),
});

export type RuntimeAddonPickerUiOptions = typeof RuntimeAddonPickerFieldSchema.uiOptionsType;
