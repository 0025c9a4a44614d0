import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { PlatterTenantPicker } from './PlatterTenantPicker';

/** PlatterTenantPicker: value, the name of a tenant the user may request for. */
export const PlatterTenantPickerFieldSchema = makeFieldSchema({ output: (z) => z.string() });

/** PlatterTenantPicker for the new frontend system (FormFieldBlueprint in alpha.tsx). */
export const platterTenantPickerFormField = createFormField({
  name: 'PlatterTenantPicker',
  component: PlatterTenantPicker,
  schema: PlatterTenantPickerFieldSchema,
});
