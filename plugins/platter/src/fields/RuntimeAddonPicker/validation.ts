import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { RuntimeAddonPickerValue } from '@platter/plugin-platter-common';
import { environmentNameOf, loadPickerData, stageNameOf } from './pickerData';
import { pickerFindings } from './pickerFindings';
import type { RuntimeAddonPickerUiOptions } from './schema';

/**
 * Scaffolder validation of RuntimeAddonPicker (runs on Next/Review): the same
 * model rules as the field itself; each error finding becomes a form error
 * with the model's message. Warnings (deprecated) do not block.
 */
export const runtimeAddonPickerValidation: CustomFieldValidator<
  RuntimeAddonPickerValue,
  RuntimeAddonPickerUiOptions
> = async (value, validation, context) => {
  if (!value?.service) return;
  if (!value.version) {
    validation.addError(`choose a version of ${value.service}`);
    return;
  }
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const options = context.uiSchema?.['ui:options'];
  const data = await loadPickerData(
    catalogApi,
    stageNameOf(options, context.formData),
    environmentNameOf(options, context.formData),
    !!options?.runningOnly,
  );
  for (const d of pickerFindings(data.services, value, new Date(), data.stage, data.target)) {
    if (d.severity === 'error') validation.addError(d.message);
  }
};
