import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatterText } from './PlatterText';
import { PlatterTextFieldSchema } from './schema';
import { platterTextValidation } from './validation';

/** PlatterText for the new frontend system (FormFieldBlueprint in alpha.tsx). */
export const platterTextFormField = createFormField({
  name: 'PlatterText',
  component: PlatterText,
  validation: platterTextValidation,
  schema: PlatterTextFieldSchema,
});
