import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useAsync } from '../../internal/useAsync';
import { useFieldFindings } from '../PlatterPlanPreview/findingsContext';
import { fieldValueOf, optionLabelOf } from './fieldValue';
import type { PlatterEntityPickerUiOptions } from './schema';

export type PlatterEntityPickerProps = FieldExtensionComponentProps<string | string[], PlatterEntityPickerUiOptions>;

interface Option {
  readonly value: string;
  readonly label: string;
}

/**
 * Scaffolder field for stages, envs and runtime components (issue 23 item 5):
 * offers the catalog's Platter entities of the given types by title and keeps
 * what the CLI takes as the value (fieldValueOf), so the Review step reads
 * `staging`, not `resource:default/stage-staging`. One or many, as the
 * template's property type says (`string` or `array`).
 */
export function PlatterEntityPicker(props: PlatterEntityPickerProps) {
  const { formData, onChange, schema, uiSchema, idSchema, required, disabled, rawErrors, name } = props;
  const types = uiSchema?.['ui:options']?.types ?? [];
  const mixed = new Set(types).size > 1;
  const asTargets = mixed || !!uiSchema?.['ui:options']?.asTargets;
  const multiple = schema.type === 'array';
  const catalogApi = useApi(catalogApiRef);
  const { loading, value: options = [] } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'resource', 'spec.type': [...types] },
      fields: ['kind', 'metadata.name', 'metadata.title', 'spec.type'],
    });
    return items
      .map((e): Option | undefined => {
        const v = fieldValueOf(e, asTargets);
        return v ? { value: v, label: optionLabelOf(e, mixed) } : undefined;
      })
      .filter((o): o is Option => !!o)
      .sort((a, b) => a.label.localeCompare(b.label, 'en-US'));
  }, [catalogApi, types.join(','), mixed, asTargets]);
  // Findings of the plan about this field (shown beside it, issue 23 item 1).
  const findings = useFieldFindings(name, formData);
  const byValue = new Map(options.map((o) => [o.value, o]));
  // A value the catalog does not (or not yet) list still shows, as itself.
  const optionOf = (v: string): Option => byValue.get(v) ?? { value: v, label: v };
  const selected = multiple
    ? (Array.isArray(formData) ? formData : []).map(optionOf)
    : typeof formData === 'string' && formData
      ? optionOf(formData)
      : null;
  const errors = [...(rawErrors ?? []), ...findings];
  return (
    <Autocomplete<Option, boolean>
      id={idSchema?.$id}
      multiple={multiple}
      options={options}
      loading={loading}
      disabled={disabled}
      value={selected as never}
      getOptionLabel={(o) => o.label}
      getOptionSelected={(o, v) => o.value === v.value}
      onChange={(_e, v) => {
        if (multiple) {
          const list = (v as Option[] | null) ?? [];
          onChange(list.length ? list.map((o) => o.value) : undefined);
        } else onChange((v as Option | null)?.value ?? undefined);
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={schema.title}
          margin="normal"
          required={required}
          error={errors.length > 0}
          helperText={errors.length ? errors.join(' ') : schema.description}
          FormHelperTextProps={{ 'data-testid': `${idSchema?.$id ?? 'platter-entity'}-help` } as object}
          InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
        />
      )}
    />
  );
}
