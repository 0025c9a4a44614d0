import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { publishFieldFindings } from '../PlatterPlanPreview/findingsContext';
import { fieldValueOf, optionLabelOf } from './fieldValue';
import { PlatterEntityPicker, type PlatterEntityPickerProps } from './PlatterEntityPicker';

const resource = (name: string, type: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
  spec: { type, owner: 'group:default/platform-team' },
});
const entities = [
  resource('stage-staging', 'stage', 'staging'),
  resource('stage-prod', 'stage', 'prod'),
  resource('env-prod-eu', 'environment', 'prod-eu'),
  resource('component-ingress-nginx', 'runtime-component'),
];

describe('fieldValueOf and optionLabelOf: one rule for a Platter ref in a form', () => {
  it.each<[string, Entity, boolean, string | undefined, string]>([
    ['a stage: its name', entities[0]!, false, 'staging', 'staging'],
    ['an env: its name', entities[2]!, false, 'prod-eu', 'prod-eu'],
    ['a component without a title: its name', entities[3]!, false, 'ingress-nginx', 'ingress-nginx'],
    ['a stage among envs: as the CLI names a target', entities[1]!, true, 'stage:prod', 'stage prod'],
    ['an env among stages', entities[2]!, true, 'env:prod-eu', 'env prod-eu'],
    ['not a Platter entity: no value', resource('shop', 'service'), false, undefined, 'shop'],
  ])('%s', (_name, entity, mixed, value, label) => {
    expect(fieldValueOf(entity, mixed)).toBe(value);
    expect(optionLabelOf(entity, mixed)).toBe(label);
  });
});

function props(over: Partial<PlatterEntityPickerProps>): PlatterEntityPickerProps {
  return {
    name: 'stage',
    schema: { title: 'Stage', type: 'string' },
    uiSchema: { 'ui:options': { types: ['stage'] } },
    idSchema: { $id: 'root_stage' },
    formData: undefined,
    onChange: jest.fn(),
    rawErrors: [],
    ...over,
  } as unknown as PlatterEntityPickerProps;
}

describe('PlatterEntityPicker', () => {
  const apis = [[catalogApiRef, catalogApiMock({ entities })]] as const;

  it('offers the stages by title and keeps the name as the value (what the Review step shows)', async () => {
    const onChange = jest.fn();
    await renderInPlatterTestApp(<PlatterEntityPicker {...props({ onChange })} />, { apis });
    fireEvent.mouseDown(screen.getByLabelText('Stage'));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['prod', 'staging']);
    fireEvent.click(screen.getByRole('option', { name: 'staging' }));
    expect(onChange).toHaveBeenLastCalledWith('staging');
  });

  it('many stages and envs: stage:<name> and env:<name>', async () => {
    const onChange = jest.fn();
    const p = props({
      name: 'to',
      schema: { title: 'To', type: 'array' },
      uiSchema: { 'ui:options': { types: ['stage', 'environment'] } },
      idSchema: { $id: 'root_to' },
      formData: ['stage:prod'],
      onChange,
    });
    await renderInPlatterTestApp(<PlatterEntityPicker {...p} />, { apis });
    expect(await screen.findByText('stage prod')).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByLabelText('To'));
    fireEvent.click(await screen.findByRole('option', { name: 'env prod-eu' }));
    expect(onChange).toHaveBeenLastCalledWith(['stage:prod', 'env:prod-eu']);
  });

  it("shows the plan's finding about it beside it while its value is the one planned", async () => {
    const finding = {
      code: 'PrereleaseNotAllowed' as const,
      severity: 'error' as const,
      field: 'targets',
      message: 'stage prod takes no prereleases',
    };
    act(() => publishFieldFindings([finding], (f) => (f === 'targets' ? 'stage' : undefined), { stage: 'prod' }));
    const first = await renderInPlatterTestApp(<PlatterEntityPicker {...props({ formData: 'prod' })} />, { apis });
    expect(
      within(screen.getByTestId('root_stage-help')).getByText(/stage prod takes no prereleases/),
    ).toBeInTheDocument();
    first.unmount();
    // Another value than the one planned: the finding is not about it.
    await renderInPlatterTestApp(<PlatterEntityPicker {...props({ formData: 'staging' })} />, { apis });
    expect(screen.queryByText(/takes no prereleases/)).not.toBeInTheDocument();
    act(() => publishFieldFindings([], () => undefined, {}));
  });
});
