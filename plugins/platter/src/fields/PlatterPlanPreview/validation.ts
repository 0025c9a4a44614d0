import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type { PlatterPlanPreviewValue } from '@platter/plugin-platter-common';

/**
 * The form cannot move on before a plan succeeded: the user submits only what
 * the preview showed (DESIGN §4). A rejected request shows its diagnostics in
 * the field; the fix is to go back and change the form.
 */
export const platterPlanPreviewValidation: CustomFieldValidator<PlatterPlanPreviewValue> = (value, validation) => {
  if (value?.refused) {
    validation.addError(
      `the change cannot be planned as it is (${value.refused.join(', ') || 'refused'}): go back, fix what the preview lists, and it plans again`,
    );
    return;
  }
  if (!value?.requestHash)
    validation.addError(
      'the change has not been planned yet: wait for the preview, or fix what it reports and refresh it',
    );
};
