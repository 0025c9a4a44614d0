import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PlatterPlanPreview } from './PlatterPlanPreview';
import { PlatterPlanPreviewFieldSchema } from './schema';
import { platterPlanPreviewValidation } from './validation';

/** PlatterPlanPreview for the new frontend system (FormFieldBlueprint in alpha.tsx). */
export const platterPlanPreviewFormField = createFormField({
  name: 'PlatterPlanPreview',
  component: PlatterPlanPreview,
  validation: platterPlanPreviewValidation,
  schema: PlatterPlanPreviewFieldSchema,
});
