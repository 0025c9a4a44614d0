import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import type { Diagnostic } from '@platter/model';
import type { RuntimeAddonPickerValue } from '@platter/plugin-platter-common';
import { useState } from 'react';
import { useAsync } from '../../internal/useAsync';
import { useFieldFindings } from '../PlatterPlanPreview/findingsContext';
import { environmentNameOf, loadPickerData, stageNameOf } from './pickerData';
import { addonRefusal, offeredVersions, pickerFindings } from './pickerFindings';
import type { RuntimeAddonPickerUiOptions } from './schema';

export type RuntimeAddonPickerProps = FieldExtensionComponentProps<
  RuntimeAddonPickerValue,
  RuntimeAddonPickerUiOptions
>;

/**
 * Scaffolder field: a runtime component from the menu (runtime-component
 * entities), one of its versions and its addons. Sunset versions (and
 * prereleases in a stage that forbids them) are not offered, deprecated ones
 * carry the model's warning, and an addon that conflicts with the selection is
 * refused: the click is not applied and the model's finding is shown.
 */
export function RuntimeAddonPicker(props: RuntimeAddonPickerProps) {
  const {
    formData,
    onChange,
    uiSchema,
    formContext,
    rawErrors,
    required,
    disabled,
    schema,
    idSchema,
    name: fieldName,
  } = props;
  const options = uiSchema?.['ui:options'];
  const stageName = stageNameOf(options, formContext?.formData);
  const envName = environmentNameOf(options, formContext?.formData);
  const catalogApi = useApi(catalogApiRef);
  const {
    loading,
    error,
    value: data,
  } = useAsync(
    () => loadPickerData(catalogApi, stageName, envName, !!options?.runningOnly),
    [catalogApi, stageName, envName, options?.runningOnly],
  );
  const [refusal, setRefusal] = useState<Diagnostic[]>([]);
  // What the last plan found about this field, until it changes (findingsContext.ts).
  const planned = useFieldFindings(fieldName, formData);

  if (loading) return <Progress />;
  if (error || !data) return <ResponseErrorPanel error={error ?? new Error('no menu')} />;

  const now = new Date();
  const current: RuntimeAddonPickerValue = {
    service: formData?.service ?? '',
    version: formData?.version ?? '',
    addons: formData?.addons ?? [],
  };
  const service = data.services.find((s) => s.name === current.service);
  const offered = service ? offeredVersions(service, now, data.stage, data.target) : [];
  const version = service?.versions.find((v) => v.version === current.version);
  const findings = pickerFindings(data.services, current, now, data.stage, data.target);
  // With a target, only what runs there; its version is the one the addon lands on.
  const services = data.target ? data.services.filter((s) => data.target!.running[s.name]) : data.services;
  const runningVersion = (name: string) => data.target?.running[name] ?? '';
  const errors = [...refusal, ...findings.filter((d) => d.severity === 'error')];
  const warnings = findings.filter((d) => d.severity === 'warning');
  const update = (next: RuntimeAddonPickerValue) => {
    setRefusal([]);
    onChange(next);
  };

  const toggle = (addon: string, checked: boolean) => {
    if (!service || !version) return;
    if (!checked) return update({ ...current, addons: current.addons.filter((a) => a !== addon) });
    const refused = addonRefusal(service, version, current.addons, addon, data.stage);
    if (refused.length) return setRefusal(refused);
    return update({ ...current, addons: [...current.addons, addon] });
  };

  // Addons of the version, plus selected ones it lacks (so they can be unchecked).
  const addonNames = [
    ...(version?.addons.map((a) => a.name) ?? []),
    ...current.addons.filter((a) => !version?.addons.some((x) => x.name === a)),
  ];
  const id = idSchema?.$id ?? 'runtime-addon-picker';
  return (
    <FormControl
      component="fieldset"
      fullWidth
      margin="normal"
      required={required}
      error={errors.length > 0 || planned.length > 0 || (rawErrors?.length ?? 0) > 0}
    >
      <FormLabel component="legend">{schema.title ?? 'Runtime component'}</FormLabel>
      {schema.description && <Box mb={1}>{schema.description}</Box>}
      <TextField
        id={`${id}-service`}
        select
        label="Component"
        value={current.service}
        disabled={disabled}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        margin="dense"
        onChange={(e) => update({ service: e.target.value, version: runningVersion(e.target.value), addons: [] })}
      >
        <option value="">Choose a component</option>
        {services.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </TextField>
      <TextField
        id={`${id}-version`}
        select
        label="Version"
        value={current.version}
        disabled={disabled || !service}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        margin="dense"
        helperText={
          data.target
            ? `The version ${data.target.label} runs`
            : data.stage
              ? `Versions stage ${data.stage.name} allows`
              : 'Sunset versions are not offered'
        }
        onChange={(e) => update({ ...current, version: e.target.value })}
      >
        <option value="">Choose a version</option>
        {offered.map(({ version: v, warnings: w }) => (
          <option key={v.version} value={v.version}>
            {v.version}
            {w.some((d) => d.code === 'DeprecatedVersion') ? ' (deprecated)' : ''}
          </option>
        ))}
      </TextField>
      {version && (
        <Box mb={1} color="text.secondary">
          {version.source === 'manifests'
            ? 'Plain Kubernetes manifests; addons are Kustomize Components'
            : `Helm chart ${version.chart.name} ${version.chart.version}`}
        </Box>
      )}
      {version && (
        <FormGroup aria-label="Addons">
          <FormLabel component="legend">Addons</FormLabel>
          {addonNames.length === 0 && (
            <Box>
              {version.service} {version.version} has no addons.
            </Box>
          )}
          {addonNames.map((name) => {
            const addon = version.addons.find((a) => a.name === name);
            return (
              <FormControlLabel
                key={name}
                label={addon?.description ? `${name}: ${addon.description}` : name}
                control={
                  <Checkbox
                    checked={current.addons.includes(name)}
                    disabled={disabled}
                    onChange={(e) => toggle(name, e.target.checked)}
                    inputProps={{ 'aria-label': name }}
                  />
                }
              />
            );
          })}
        </FormGroup>
      )}
      {warnings.map((d) => (
        <Alert key={`${d.code}:${d.message}`} severity="warning">
          {d.message}
        </Alert>
      ))}
      {errors.map((d) => (
        <Alert key={`${d.code}:${d.message}`} severity="error">
          {d.message}
        </Alert>
      ))}
      {planned.map((text) => (
        <Alert key={text} severity="error" data-testid={`${id}-plan-finding`}>
          {text}
        </Alert>
      ))}
    </FormControl>
  );
}
