import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { checkAddonSelection, checkVersionAllowed } from '@platter/model';
import type { RuntimeAddonPickerValue } from '@platter/plugin-platter-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { toRuntimeService, toStage } from '../../internal/modelAdapters';
import { fleetEntities, FIXED_NOW, ingressNginxFacts, prodFacts, useFixedNow } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { RuntimeAddonPicker, type RuntimeAddonPickerProps } from './RuntimeAddonPicker';
import type { RuntimeAddonPickerUiOptions } from './schema';
import { runtimeAddonPickerValidation } from './validation';

/** The field as the scaffolder form drives it: controlled, with the whole form's data in formContext. */
function Harness(props: {
  options: RuntimeAddonPickerUiOptions;
  formData: Record<string, unknown>;
  onValue: (v: RuntimeAddonPickerValue) => void;
}) {
  const [value, setValue] = useState<RuntimeAddonPickerValue | undefined>();
  const fieldProps = {
    name: 'ingress',
    schema: { title: 'Ingress controller' },
    uiSchema: { 'ui:options': props.options },
    idSchema: { $id: 'root_ingress' },
    formData: value,
    formContext: { formData: props.formData },
    onChange: (v: RuntimeAddonPickerValue | undefined) => {
      setValue(v);
      if (v) props.onValue(v);
    },
    onBlur: () => {},
    onFocus: () => {},
    disabled: false,
    readonly: false,
    rawErrors: [],
    registry: {},
  } as unknown as RuntimeAddonPickerProps;
  return <RuntimeAddonPicker {...fieldProps} />;
}

const ingress = toRuntimeService(ingressNginxFacts);
const version = (v: string) => ingress.versions.find((x) => x.version === v)!;
const prod = toStage(prodFacts);

describe('RuntimeAddonPicker', () => {
  useFixedNow();

  it('hides sunset versions, warns on deprecated ones and refuses conflicting addons with the model message', async () => {
    const onValue = jest.fn();
    await renderInPlatterTestApp(
      <Harness options={{ stageField: 'stage' }} formData={{ stage: 'prod' }} onValue={onValue} />,
      {
        apis: [[catalogApiRef, catalogApiMock({ entities: fleetEntities })]],
      },
    );

    await userEvent.selectOptions(await screen.findByLabelText('Component'), 'ingress-nginx');
    const versions = within(screen.getByLabelText('Version'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    // 1.0.0 is past its sunset; 1.3.0-rc.1 is a prerelease prod does not allow.
    expect(versions).toEqual(['Choose a version', '1.2.0', '1.1.0 (deprecated)']);

    await userEvent.selectOptions(screen.getByLabelText('Version'), '1.1.0');
    // Where the version's objects come from (a Helm chart here; plain manifests say so).
    expect(screen.getByText('Helm chart ingress-nginx 4.10.0')).toBeInTheDocument();
    const deprecated = checkVersionAllowed(prod, version('1.1.0'), '', { now: FIXED_NOW })[0]!;
    expect(deprecated.code).toBe('DeprecatedVersion');
    expect(screen.getByRole('alert')).toHaveTextContent(deprecated.message);

    await userEvent.selectOptions(screen.getByLabelText('Version'), '1.2.0');
    await userEvent.click(screen.getByRole('checkbox', { name: 'waf' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'modsecurity' }));

    const conflict = checkAddonSelection(ingress, version('1.2.0'), ['waf', 'modsecurity'], 'stage "prod"', '')[0]!;
    expect(conflict.code).toBe('AddonConflict');
    expect(screen.getByRole('alert')).toHaveTextContent(conflict.message);
    expect(screen.getByRole('checkbox', { name: 'modsecurity' })).not.toBeChecked();
    expect(onValue).toHaveBeenLastCalledWith({ service: 'ingress-nginx', version: '1.2.0', addons: ['waf'] });
  });

  it('validates a submitted value with the same model rules', async () => {
    const catalogApi = catalogApiMock({ entities: fleetEntities });
    const context = {
      apiHolder: { get: () => catalogApi },
      formData: { stage: 'prod' },
      schema: {},
      uiSchema: { 'ui:options': { stageField: 'stage' } },
    } as never;
    const addError = jest.fn();
    await runtimeAddonPickerValidation(
      { service: 'ingress-nginx', version: '1.2.0', addons: ['waf', 'modsecurity'] },
      { addError } as never,
      context,
    );
    expect(addError.mock.calls).toEqual([
      [checkAddonSelection(ingress, version('1.2.0'), ['waf', 'modsecurity'], 'stage "prod"', '')[0]!.message],
    ]);

    addError.mockClear();
    await runtimeAddonPickerValidation(
      { service: 'ingress-nginx', version: '1.0.0', addons: [] },
      { addError } as never,
      context,
    );
    const sunset = checkVersionAllowed(prod, version('1.0.0'), '', { now: FIXED_NOW });
    expect(sunset.map((d) => d.code)).toEqual(['SunsetVersion']);
    expect(addError.mock.calls).toEqual([[sunset[0]!.message]]);
  });

  it.each([
    // prod-eu runs ingress-nginx 1.1.0 (the menu also has 1.2.0 and a prerelease): that version only, chosen with the component.
    [
      'an env',
      { environment: 'resource:default/env-prod-eu', stage: '' },
      '1.1.0 (deprecated)',
      '1.1.0',
      'env prod-eu',
    ],
    ['a stage', { stage: 'resource:default/stage-staging' }, '1.2.0', '1.2.0', 'stage staging'],
  ])(
    'runningOnly with %s: offers the version running there and selects it',
    async (_name, formData, label, version, where) => {
      const onValue = jest.fn();
      await renderInPlatterTestApp(
        <Harness
          options={{ stageField: 'stage', environmentField: 'environment', runningOnly: true }}
          formData={formData}
          onValue={onValue}
        />,
        { apis: [[catalogApiRef, catalogApiMock({ entities: fleetEntities })]] },
      );
      await userEvent.selectOptions(await screen.findByLabelText('Component'), 'ingress-nginx');
      const versions = within(screen.getByLabelText('Version'))
        .getAllByRole('option')
        .map((o) => o.textContent);
      expect(versions).toEqual(['Choose a version', label]);
      expect(onValue).toHaveBeenLastCalledWith({ service: 'ingress-nginx', version, addons: [] });
      expect(screen.getByText(`The version ${where} runs`)).toBeInTheDocument();
    },
  );
});
