import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import type { PlanRouteResponse } from '@platter/plugin-platter-common';
import { getDefaultNormalizer, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { platterApiRef } from '../../api/ref';
import type { PlatterApi } from '../../api/types';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { PlatterText, type PlatterTextProps } from '../PlatterText';
import { publishFieldFindings } from './findingsContext';
import { PlatterPlanPreview, type PlatterPlanPreviewProps } from './PlatterPlanPreview';

const diff = [
  'diff --git a/apps/shop/kustomization.yaml b/apps/shop/kustomization.yaml',
  'new file',
  '--- /dev/null',
  '+++ b/apps/shop/kustomization.yaml',
  '@@ -0,0 +1,2 @@',
  '+apiVersion: kustomize.config.k8s.io/v1beta1',
  '+kind: Kustomization',
  'diff --git a/tenants/team-a/prod/kustomization.yaml b/tenants/team-a/prod/kustomization.yaml',
  '--- a/tenants/team-a/prod/kustomization.yaml',
  '+++ b/tenants/team-a/prod/kustomization.yaml',
  '@@ -1,2 +1,3 @@',
  ' resources:',
  '-  - ../base',
  '+  - ../base',
  '+  - ../../../apps/shop',
  '',
].join('\n');

const response: PlanRouteResponse = {
  plan: {
    title: 'Onboard app shop (team-a) 1.4.0 to stage staging, stage prod',
    requestHash: 'a1b2c3d4e5f60718',
    baseCommit: '0123456789abcdef0123456789abcdef01234567',
    review: 'platform-review',
    affected: { stages: ['prod', 'staging'], environments: ['prod-eu', 'prod-us', 'staging-eu'] },
    needsSecrets: [],
    diagnostics: [
      {
        code: 'DeprecatedVersion',
        severity: 'warning',
        message: 'ingress-nginx 1.1.0 is deprecated (sunset 2026-12-31)',
      },
    ],
    changedFiles: [
      { path: 'apps/shop/kustomization.yaml', op: 'add' },
      { path: 'tenants/team-a/prod/kustomization.yaml', op: 'modify' },
    ],
    renderedDiff: {
      groups: [
        {
          environments: ['prod-eu', 'prod-us', 'staging-eu'],
          stages: ['prod', 'staging'],
          dangers: [],
          changes: [
            {
              op: 'add',
              id: '/Namespace//shop',
              object: { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
              file: 'apps/shop/kustomization.yaml',
              appliedBy: 'flux-system/flux-system',
              fields: [],
            },
          ],
        },
      ],
      unchanged: [],
    },
  },
  diff,
};

/** The whole form as the Stepper passes it in formContext: every page's fields, a Secret field masked. */
const formData = {
  app: 'shop',
  tenant: 'team-a',
  image: 'ghcr.io/acme/shop',
  stages: ['staging', 'prod'],
  version: '1.4.0',
  registryToken: '*******',
  preview: {},
};

const uiOptions = {
  kind: 'OnboardApp',
  request: { source: { type: 'image' } },
  mapping: { app: 'name', tenant: 'tenant', image: 'source.image', stages: 'targets[].stage', version: 'version' },
};

describe('PlatterPlanPreview', () => {
  it('posts the request built from the form (no secret), shows the diff, review path and affected envs, and refreshes', async () => {
    const plan = jest.fn<ReturnType<PlatterApi['plan']>, Parameters<PlatterApi['plan']>>().mockResolvedValue(response);
    const onChange = jest.fn();
    const props = {
      name: 'preview',
      schema: { title: 'What will change' },
      uiSchema: { 'ui:options': uiOptions },
      idSchema: { $id: 'root_preview' },
      formData: undefined,
      formContext: { formData },
      onChange,
      onBlur: () => {},
      onFocus: () => {},
      disabled: false,
      readonly: false,
      rawErrors: [],
      registry: {},
    } as unknown as PlatterPlanPreviewProps;

    await renderInPlatterTestApp(
      <SecretsContextProvider initialSecrets={{ registryToken: 'hunter2-secret' }}>
        <PlatterPlanPreview {...props} />
      </SecretsContextProvider>,
      { apis: [[platterApiRef, { plan, menu: jest.fn() }]] },
    );

    expect(await screen.findByText(response.plan.title)).toBeInTheDocument();
    expect(plan).toHaveBeenCalledTimes(1);
    expect(plan.mock.calls[0]![0]).toEqual({
      kind: 'OnboardApp',
      source: { type: 'image', image: 'ghcr.io/acme/shop' },
      name: 'shop',
      tenant: 'team-a',
      targets: [{ stage: 'staging' }, { stage: 'prod' }],
      version: '1.4.0',
    });
    const sent = JSON.stringify(plan.mock.calls);
    expect(sent).not.toContain('hunter2-secret');
    expect(sent).not.toContain('registryToken');
    expect(sent).not.toContain('***');
    expect(screen.getByText(/Values not sent \(secret or omitted\): registryToken/)).toBeInTheDocument();

    expect(screen.getByTestId('platter-review')).toHaveTextContent('Platform review');
    const affected = within(screen.getByTestId('platter-affected'));
    expect(affected.getByRole('link', { name: 'prod-eu' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/env-prod-eu',
    );
    expect(screen.getByText(/DeprecatedVersion: ingress-nginx 1.1.0 is deprecated/)).toBeInTheDocument();
    const prodDiff = screen.getByLabelText('diff of tenants/team-a/prod/kustomization.yaml');
    const exact = { normalizer: getDefaultNormalizer({ trim: false, collapseWhitespace: false }) };
    expect(within(prodDiff).getByText('+  - ../../../apps/shop', exact)).toBeInTheDocument();
    expect(within(prodDiff).getByText('-  - ../base', exact)).toBeInTheDocument();
    expect(screen.getByLabelText('diff of apps/shop/kustomization.yaml')).toHaveTextContent('+kind: Kustomization');
    expect(within(screen.getByTestId('platter-rendered-diff')).getByTestId('platter-rendered-group')).toHaveTextContent(
      'the same change in 3 envs of stages prod, staging: 1 object change',
    );

    expect(onChange).toHaveBeenLastCalledWith({
      requestHash: 'a1b2c3d4e5f60718',
      review: 'platform-review',
      changedFiles: ['apps/shop/kustomization.yaml', 'tenants/team-a/prod/kustomization.yaml'],
    });

    await userEvent.click(screen.getByRole('button', { name: 'Refresh plan' }));
    await waitFor(() => expect(plan).toHaveBeenCalledTimes(2));
    expect(await screen.findByText(response.plan.title)).toBeInTheDocument();
  });

  it('a refused plan lists its findings on the form fields, with the fix, and no stack trace', async () => {
    const refusal = Object.assign(new Error('Request failed with status 400 Bad Request'), {
      stack: 'InputError: request rejected\n    at previewPlan (/srv/backstage/router.ts:1:1)',
      body: {
        error: { name: 'InputError', message: 'request rejected: "Checkout_App" is not a valid name (and 1 more)' },
        response: { statusCode: 400 },
        findings: [
          {
            code: 'InvalidName',
            severity: 'error',
            field: 'name',
            message: '"Checkout_App" is not a valid name',
            fix: 'Use lower-case letters',
          },
          {
            code: 'UnknownStage',
            severity: 'error',
            field: 'targets',
            path: 'platter.yaml',
            message: 'stage "prdo" not found',
          },
        ],
      },
    });
    const plan = jest.fn<ReturnType<PlatterApi['plan']>, Parameters<PlatterApi['plan']>>().mockRejectedValue(refusal);
    const onChange = jest.fn();
    const props = {
      name: 'preview',
      schema: { title: 'What will change' },
      uiSchema: { 'ui:options': uiOptions },
      idSchema: { $id: 'root_preview' },
      formContext: { formData },
      onChange,
      rawErrors: [],
      registry: {},
    } as unknown as PlatterPlanPreviewProps;
    await renderInPlatterTestApp(<PlatterPlanPreview {...props} />, {
      apis: [[platterApiRef, { plan, menu: jest.fn() }]],
    });

    const list = await screen.findByTestId('platter-plan-findings');
    // The request's fields are named by the form's fields they come from (name <- app, targets <- stages).
    expect(list).toHaveTextContent('app: "Checkout_App" is not a valid name');
    expect(list).toHaveTextContent('Use lower-case letters');
    expect(list).toHaveTextContent('stages: stage "prdo" not found');
    expect(list).not.toHaveTextContent('router.ts');
    expect(list).not.toHaveTextContent('InputError');
    expect(onChange).toHaveBeenLastCalledWith({ refused: ['InvalidName', 'UnknownStage'] });

    // Each finding also shows beside its field, on that field's own page (the preview is not on it).
    const fieldProps = (name: string, value: unknown) =>
      ({
        name,
        schema: { title: name },
        uiSchema: {},
        idSchema: { $id: `root_${name}` },
        formData: value,
        onChange: jest.fn(),
        rawErrors: [],
      }) as unknown as PlatterTextProps;
    await renderInPlatterTestApp(<PlatterText {...fieldProps('image', formData.image)} />);
    expect(screen.queryByTestId('root_image-help')).not.toBeInTheDocument();
    // A PlatterText stands in for the stages field: every Platter field reads the findings the same way.
    await renderInPlatterTestApp(<PlatterText {...fieldProps('stages', formData.stages)} />);
    expect(screen.getByTestId('root_stages-help')).toHaveTextContent('stage "prdo" not found');
    publishFieldFindings([], () => undefined, {});
  });

  it.each([
    [
      'branch mode without a host',
      { mode: 'branch', targetBranch: 'main', branch: 'platter/onboard-app/shop' },
      /Pushes branch platter\/onboard-app\/shop for review; no pull request is opened \(no GitHub or GitLab integration/,
    ],
    [
      'pull-request mode',
      {
        mode: 'pull-request',
        targetBranch: 'main',
        branch: 'platter/onboard-app/shop',
        host: { kind: 'github', noun: 'pull request', webUrl: 'https://github.com/o/fleet' },
      },
      /opens a pull request into main on https:\/\/github.com\/o\/fleet/,
    ],
    ['direct', { mode: 'direct', targetBranch: 'main', branch: 'main' }, /Direct: committed to main as is/],
  ] as const)('says what publish will do: %s', async (_name, publish, text) => {
    const plan = jest
      .fn<ReturnType<PlatterApi['plan']>, Parameters<PlatterApi['plan']>>()
      .mockResolvedValue({ ...response, publish });
    const props = {
      name: 'preview',
      schema: { title: 'What will change' },
      uiSchema: { 'ui:options': uiOptions },
      idSchema: { $id: 'root_preview' },
      formContext: { formData },
      onChange: jest.fn(),
      rawErrors: [],
      registry: {},
    } as unknown as PlatterPlanPreviewProps;
    await renderInPlatterTestApp(<PlatterPlanPreview {...props} />, {
      apis: [[platterApiRef, { plan, menu: jest.fn() }]],
    });
    await screen.findByText(response.plan.title);
    expect(screen.getByTestId('platter-review')).toHaveTextContent(text);
  });
});
