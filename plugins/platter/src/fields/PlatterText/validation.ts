import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type { PlatterTextUiOptions } from './schema';
import { textFindings } from './textFindings';

/** Scaffolder validation of PlatterText (Next/Review): the same model rule as the field shows while typing. */
export const platterTextValidation: CustomFieldValidator<string, PlatterTextUiOptions> = (
  value,
  validation,
  context,
) => {
  for (const d of textFindings(context.uiSchema?.['ui:options'], value)) {
    if (d.severity === 'error') validation.addError(d.message);
  }
};
