import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { fixOf } from '@platter/plugin-platter-common';
import { useFieldFindings } from '../PlatterPlanPreview/findingsContext';
import type { PlatterTextUiOptions } from './schema';
import { textFindings } from './textFindings';

export type PlatterTextProps = FieldExtensionComponentProps<string, PlatterTextUiOptions>;

/**
 * Scaffolder field: a text input whose value the model checks on every
 * keystroke (a name, a version). The model's message and what to do show under
 * the field before the user moves on; the same rule blocks Next (validation.ts).
 * A refused plan's findings about the field show there too, until it changes.
 */
export function PlatterText(props: PlatterTextProps) {
  const { formData, onChange, uiSchema, rawErrors, required, disabled, schema, idSchema, autofocus, name } = props;
  const findings = textFindings(uiSchema?.['ui:options'], formData);
  const first = findings.find((d) => d.severity === 'error') ?? findings[0];
  const fix = first && fixOf(first.code);
  // The model's rule as typed first; else what the last plan found about this field (findingsContext.ts).
  const planned = useFieldFindings(name, formData);
  const helperText = first
    ? `${first.message}${fix ? `. ${fix}` : ''}`
    : planned.length
      ? planned.join(' ')
      : schema.description;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title}
      value={formData ?? ''}
      required={required}
      disabled={disabled}
      autoFocus={autofocus}
      fullWidth
      margin="normal"
      error={!!first || planned.length > 0 || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      FormHelperTextProps={{ 'data-testid': `${idSchema?.$id ?? 'platter-text'}-help` } as object}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}
