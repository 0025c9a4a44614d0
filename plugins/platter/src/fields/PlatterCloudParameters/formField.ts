import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatterCloudParameters } from './PlatterCloudParameters';
import { PlatterCloudParametersFieldSchema } from './schema';
import { platterCloudParametersValidation } from './validation';

/** PlatterCloudParameters for the new frontend system (FormFieldBlueprint in alpha.tsx). */
export const platterCloudParametersFormField = createFormField({
  name: 'PlatterCloudParameters',
  component: PlatterCloudParameters,
  validation: platterCloudParametersValidation,
  schema: PlatterCloudParametersFieldSchema,
});
