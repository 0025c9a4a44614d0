import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { RuntimeAddonPicker } from './RuntimeAddonPicker';
import { RuntimeAddonPickerFieldSchema } from './schema';
import { runtimeAddonPickerValidation } from './validation';

/** RuntimeAddonPicker for the new frontend system (FormFieldBlueprint in alpha.tsx). */
export const runtimeAddonPickerFormField = createFormField({
  name: 'RuntimeAddonPicker',
  component: RuntimeAddonPicker,
  validation: runtimeAddonPickerValidation,
  schema: RuntimeAddonPickerFieldSchema,
});
