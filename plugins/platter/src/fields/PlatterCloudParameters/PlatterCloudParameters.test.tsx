import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { cloudParameterSchema, cloudStagePolicy, parseCloudClass, resolveCloudParameters } from '@platter/model';
import type { CloudClassResponse } from '@platter/plugin-platter-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platterApiRef } from '../../api/ref';
import type { PlatterApi } from '../../api/types';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { PlatterCloudParameters } from './PlatterCloudParameters';
import { platterCloudParametersValidation } from './validation';

/** The example fleet's s3-bucket class (render's exampleCloud.ts): prod requires backups and 30 days of retention. */
const s3Bucket = parseCloudClass(
  {
    apiVersion: 'platter.dev/v1alpha1',
    kind: 'CloudResourceClass',
    metadata: { name: 's3-bucket' },
    spec: {
      version: '1.0.0',
      description: 'An S3 bucket.',
      backend: { type: 'crossplane', apiVersion: 'platform.example.org/v1alpha1', kind: 'Bucket', compositionRef: 'x' },
      parameters: {
        type: 'object',
        additionalProperties: false,
        properties: {
          region: { type: 'string', default: 'eu-west-1', title: 'Region' },
          versioning: { type: 'boolean', default: false, title: 'Versioning' },
          backups: { type: 'boolean', default: false, title: 'Backups' },
          retentionDays: { type: 'integer', minimum: 1, maximum: 3650, default: 7, title: 'Backup retention (days)' },
          tier: { enum: ['standard', 'infrequent'], default: 'standard', title: 'Storage tier' },
        },
      },
      stages: {
        staging: { deletionPolicy: 'Delete' },
        prod: { limits: { properties: { backups: { const: true }, retentionDays: { minimum: 30 } } } },
      },
      outputs: ['bucket', 'endpoint', 'region'],
    },
  },
  'cloud/s3-bucket/1.0.0/class.yaml',
).value!;

/**
 * The backend's answer, made by the model functions the route calls (cloudRoutes.ts): the HTTP hop is the
 * boundary this test stands in for (cloudRoutes.test.ts runs the route itself).
 */
function answer(stage: string): CloudClassResponse {
  return {
    commit: '0'.repeat(40),
    class: s3Bucket,
    stage,
    schema: cloudParameterSchema(s3Bucket, stage),
    policy: { ...cloudStagePolicy(s3Bucket, stage), listed: true },
  };
}
const api = (stage: string) => ({ cloudClass: jest.fn(async () => answer(stage)) }) as unknown as PlatterApi;

/** The template's form (templates/request-cloud-resource), one page, in the scaffolder's own Stepper. */
const manifest = {
  title: 'Request a cloud resource',
  steps: [
    {
      title: 'What and where',
      schema: {
        properties: {
          name: { type: 'string', title: 'Resource name' },
          class: { type: 'string', title: 'Class' },
          target: { type: 'string', title: 'Stage or environment' },
          parameters: { type: 'object', title: 'Parameters', 'ui:field': 'PlatterCloudParameters' },
        },
      },
    },
  ],
};
const extensions = [
  { name: 'PlatterCloudParameters', component: PlatterCloudParameters, validation: platterCloudParametersValidation },
];

async function renderForm(stage: string, onCreate: jest.Mock) {
  const platterApi = api(stage);
  await renderInPlatterTestApp(
    <SecretsContextProvider>
      <Stepper
        manifest={manifest as never}
        extensions={extensions as never}
        onCreate={onCreate}
        initialState={{ name: 'uploads', class: 's3-bucket', target: `resource:default/stage-${stage}` }}
      />
    </SecretsContextProvider>,
    { apis: [[platterApiRef, platterApi]] },
  );
  await screen.findByLabelText(/Backup retention/);
  return platterApi;
}

describe('PlatterCloudParameters', () => {
  // The Stepper scrolls to the top on each step; jsdom has no scrolling.
  beforeAll(() => jest.spyOn(window, 'scrollTo').mockImplementation(() => {}));
  it("renders the class's inputs with prod's limits, checks each change with the model, and sends typed values", async () => {
    const onCreate = jest.fn(async () => {});
    const platterApi = await renderForm('prod', onCreate);
    expect(platterApi.cloudClass).toHaveBeenCalledWith('s3-bucket', { target: 'resource:default/stage-prod' });

    // Inputs per property: a text, checkboxes, a number with prod's minimum as its default, a select for the enum.
    expect(screen.getByLabelText('Region')).toHaveValue('eu-west-1');
    expect(screen.getByRole('checkbox', { name: /Versioning/ })).not.toBeChecked();
    // prod requires backups: on, and not to be turned off.
    expect(screen.getByRole('checkbox', { name: /Backups/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Backups/ })).toBeDisabled();
    const retention = screen.getByLabelText(/Backup retention/);
    expect(retention).toHaveAttribute('type', 'number');
    expect(retention).toHaveValue(30);
    expect(screen.getByText(/stage prod: at least 30/)).toBeInTheDocument();
    expect(
      screen.getByText(/Your app mounts the Secret uploads-connection: bucket, endpoint, region/),
    ).toBeInTheDocument();

    // Below prod's limit: the model's finding shows on the field as it is typed.
    await userEvent.clear(retention);
    await userEvent.type(retention, '10');
    const refused = resolveCloudParameters(s3Bucket, 'prod', {
      region: 'eu-west-1',
      versioning: false,
      backups: true,
      retentionDays: 10,
      tier: 'standard',
    }).diagnostics;
    expect(refused.map((d) => [d.code, d.path])).toEqual([['CloudParameterOutOfLimits', 'parameters.retentionDays']]);
    expect(await screen.findByText(refused[0]!.message)).toBeInTheDocument();
    // ...and blocks the step.
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(onCreate).not.toHaveBeenCalled();

    await userEvent.clear(retention);
    await userEvent.type(retention, '90');
    await waitFor(() => expect(screen.queryByText(refused[0]!.message)).not.toBeInTheDocument());
    await userEvent.click(screen.getByRole('checkbox', { name: /Versioning/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Create' }));
    // Typed: numbers as numbers, booleans as booleans, defaults filled in.
    expect(onCreate).toHaveBeenCalledWith(
      expect.objectContaining({
        parameters: { region: 'eu-west-1', versioning: true, backups: true, retentionDays: 90, tier: 'standard' },
      }),
    );
  });

  it("staging: the class's own defaults, backups optional, removal destroys", async () => {
    await renderForm('staging', jest.fn());
    expect(screen.getByLabelText(/Backup retention/)).toHaveValue(7);
    expect(screen.getByRole('checkbox', { name: /Backups/ })).toBeEnabled();
    expect(screen.getByText(/destroys the cloud resource \(Delete\)/)).toBeInTheDocument();
  });

  it('validation (Next) reports the same findings with the model message', async () => {
    const addError = jest.fn();
    const context = {
      apiHolder: { get: () => api('prod') },
      formData: { class: 's3-bucket', target: 'prod' },
      schema: {},
      uiSchema: {},
    } as never;
    await platterCloudParametersValidation({ backups: false, retentionDays: 30 }, { addError } as never, context);
    const expected = resolveCloudParameters(s3Bucket, 'prod', { backups: false, retentionDays: 30 }).diagnostics;
    expect(expected.map((d) => d.code)).toEqual(['CloudParameterOutOfLimits']);
    expect(addError.mock.calls).toEqual(expected.map((d) => [d.message]));
  });
});
