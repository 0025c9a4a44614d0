import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatterEntityPicker } from './PlatterEntityPicker';
import { PlatterEntityPickerFieldSchema } from './schema';

/** PlatterEntityPicker for the new frontend system (FormFieldBlueprint in alpha.tsx). */
export const platterEntityPickerFormField = createFormField({
  name: 'PlatterEntityPicker',
  component: PlatterEntityPicker,
  schema: PlatterEntityPickerFieldSchema,
});
