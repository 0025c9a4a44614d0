import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';
import { useFieldFindings } from '../PlatterPlanPreview/findingsContext';

export type PlatterTenantPickerProps = FieldExtensionComponentProps<string>;

/**
 * Scaffolder field for a request's team (issue 23 item 5): offers the tenants
 * the user may request for (`GET /tenants`: their own; every tenant for the
 * platform team), by their owner group's title, not its ref. The value is the
 * tenant's name, what the CLI takes and the Review step shows (the actions also
 * take an owner group's ref, as an OwnerPicker gives it).
 */
export function PlatterTenantPicker(props: PlatterTenantPickerProps) {
  const { formData, onChange, schema, idSchema, required, disabled, rawErrors, name } = props;
  const platterApi = useApi(platterApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { loading, error, value } = useAsync(async () => {
    const { tenants } = await platterApi.tenants();
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: tenants.map((t) => t.owner) });
    return tenants.map((t, i) => {
      const title = items[i]?.metadata.title ?? items[i]?.metadata.name ?? t.owner;
      return { value: t.name, label: title === t.name ? title : `${title} · tenant ${t.name}` };
    });
  }, [platterApi, catalogApi]);
  const planned = useFieldFindings(name, formData);
  if (loading) return <Progress />;
  if (error || !value) return <ResponseErrorPanel error={error ?? new Error('no tenants')} />;
  const only = value.length === 1 ? value[0]!.value : undefined;
  return (
    <TextField
      id={idSchema?.$id}
      select
      // A native select: no popover (MUI v4's menu calls findDOMNode, which React warns about), and keyboard-native.
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      label={schema.title ?? 'Team'}
      value={formData ?? ''}
      required={required}
      disabled={disabled}
      fullWidth
      margin="normal"
      error={planned.length > 0 || (rawErrors?.length ?? 0) > 0}
      helperText={
        value.length === 0
          ? 'You are in no team that owns a tenant: ask the platform team to onboard yours.'
          : planned.length
            ? planned.join(' ')
            : (schema.description ?? (only ? 'Your team' : undefined))
      }
      onChange={(e) => onChange(e.target.value || undefined)}
    >
      <option value="">{value.length ? 'Choose a team' : 'No team'}</option>
      {value.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}
