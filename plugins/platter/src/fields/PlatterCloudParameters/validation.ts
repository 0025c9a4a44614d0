import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { platterApiRef } from '../../api/ref';
import { cloudParameterFindings, loadCloudClass, selectionOf } from './parameterFindings';
import type { PlatterCloudParametersUiOptions } from './schema';

/**
 * Scaffolder validation of PlatterCloudParameters (Next/Review): the same model
 * rule as the field shows while typing, each error finding with the model's
 * message. A class the backend cannot read is left to the plan step's finding.
 */
export const platterCloudParametersValidation: CustomFieldValidator<
  Record<string, unknown>,
  PlatterCloudParametersUiOptions
> = async (value, validation, context) => {
  const api = context.apiHolder.get(platterApiRef);
  if (!api) return;
  const data = await loadCloudClass(api, selectionOf(context.uiSchema?.['ui:options'], context.formData)).catch(
    () => undefined,
  );
  if (!data) return;
  for (const d of cloudParameterFindings(data, value ?? {})) {
    if (d.severity === 'error') validation.addError(d.message);
  }
};
