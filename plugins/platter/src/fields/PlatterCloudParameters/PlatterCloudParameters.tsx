import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import Alert from '@material-ui/lab/Alert';
import type { CloudClassResponse } from '@platter/plugin-platter-common';
import { fixOf } from '@platter/plugin-platter-common';
import { useEffect, useMemo } from 'react';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';
import { cloudParameterFindings, errorSchemaOf, loadCloudClass, ownValues, selectionOf } from './parameterFindings';
import type { PlatterCloudParametersUiOptions } from './schema';

export type PlatterCloudParametersProps = FieldExtensionComponentProps<
  Record<string, unknown>,
  PlatterCloudParametersUiOptions
>;

/**
 * Scaffolder field: the parameters of the cloud resource class the form names,
 * as inputs generated from the class's JSON schema (issue 21). The schema comes
 * from the backend with the target stage's limits folded in (`GET
 * /cloud/classes/<class>`), and RJSF renders it with the form's own theme
 * through the registry's SchemaField (the scaffolder's widgets: a number input
 * for an integer, a checkbox for a boolean, a select for an enum; min/max,
 * defaults, required and descriptions as the schema says). Every change is
 * checked by the model's rule (resolveCloudParameters: the class's schema, then
 * the stage's limits) and its findings show on their inputs; the value is typed.
 */
export function PlatterCloudParameters(props: PlatterCloudParametersProps) {
  const { formData, onChange, onBlur, onFocus, uiSchema, formContext, registry, idSchema, schema } = props;
  const { disabled, readonly, rawErrors } = props;
  const selection = selectionOf(uiSchema?.['ui:options'], formContext?.formData);
  const api = useApi(platterApiRef);
  const {
    loading,
    error,
    value: data,
  } = useAsync(() => loadCloudClass(api, selection), [api, selection.class, selection.version, selection.target]);
  const values = useMemo(
    () => (data ? registry.schemaUtils.getDefaultFormState(data.schema, ownValues(data.schema, formData)) : undefined),
    [data, formData, registry.schemaUtils],
  ) as Record<string, unknown> | undefined;
  // The class's defaults (and only its own fields) become the value once the class is known.
  useEffect(() => {
    if (values && JSON.stringify(values) !== JSON.stringify(formData ?? {})) onChange(values);
  }, [values]); // onChange and formData are left out: only a new value (new class, new defaults) is sent

  const id = idSchema?.$id ?? 'platter-cloud-parameters';
  const header = (
    <>
      <FormLabel component="legend">{schema.title ?? 'Parameters'}</FormLabel>
      {schema.description && <Box mb={1}>{schema.description}</Box>}
    </>
  );
  if (!selection.class)
    return (
      <FormControl component="fieldset" fullWidth margin="normal">
        {header}
        <Box color="text.secondary">Choose a class first: its parameters show here.</Box>
      </FormControl>
    );
  if (loading) return <Progress />;
  if (error || !data) return <ResponseErrorPanel error={error ?? new Error('no class')} />;

  const findings = cloudParameterFindings(data, values ?? {});
  const general = findings.filter((d) => !d.path?.startsWith('parameters.') || d.severity !== 'error');
  const { SchemaField } = registry.fields;
  return (
    <FormControl component="fieldset" fullWidth margin="normal" error={(rawErrors?.length ?? 0) > 0}>
      {header}
      <Box mb={1} color="text.secondary" data-testid={`${id}-about`}>
        {about(data, formContext?.formData?.name)}
      </Box>
      <SchemaField
        name=""
        schema={data.schema}
        uiSchema={{}}
        idSchema={registry.schemaUtils.toIdSchema(data.schema, id, values)}
        formData={values}
        errorSchema={errorSchemaOf(findings) as never}
        onChange={(v: unknown) => onChange(ownValues(data.schema, v))}
        onBlur={onBlur}
        onFocus={onFocus}
        registry={registry}
        disabled={disabled}
        readonly={readonly}
      />
      {general.map((d, i) => (
        <Alert key={i} severity={d.severity === 'error' ? 'error' : 'warning'}>
          {d.message}
          {fixOf(d.code) ? `. ${fixOf(d.code)}` : ''}
        </Alert>
      ))}
    </FormControl>
  );
}

/** What the class is and what the stage does with a request for it, in one line each. */
function about(data: CloudClassResponse, name: unknown) {
  const cls = data.class;
  const secret = typeof name === 'string' && name ? `${name}-connection` : '<name>-connection';
  const policy = data.policy;
  const where = data.stage ? `stage ${data.stage}` : undefined;
  return (
    <>
      <div>
        {cls.name} {cls.version} ({cls.backend.type}){cls.description ? `: ${cls.description}` : ''}
      </div>
      <div>
        {!policy
          ? 'Choose the stage or environment to see what it allows.'
          : policy.review
            ? `${where} ${policy.listed ? 'has this class reviewed' : 'does not list this class'}: the platform team reviews the request.`
            : `${where} allows this class: the request lands directly when the parameters are within its limits.`}
        {policy
          ? ` Removing it later ${policy.deletionPolicy === 'Delete' ? 'destroys' : 'keeps'} the cloud resource (${policy.deletionPolicy}).`
          : ''}
      </div>
      {cls.outputs.length > 0 && (
        <div>
          Your app mounts the Secret {secret}: {cls.outputs.join(', ')}.
        </div>
      )}
    </>
  );
}
