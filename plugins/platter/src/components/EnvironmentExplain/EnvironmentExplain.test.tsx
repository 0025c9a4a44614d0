import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExplainRouteResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { prodEuEntity } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { EnvironmentExplain, explainHref } from './EnvironmentExplain';

const ANSWER: ExplainRouteResponse = {
  commit: 'c0ffee'.padEnd(40, '0'),
  env: 'prod-eu',
  object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'team-a', name: 'shop' },
  appliedBy: 'team-a/shop',
  steps: [
    { step: 'env', title: 'env prod-eu', file: 'envs/prod-eu/kustomization.yaml', line: 1 },
    { step: 'patch', title: 'the stage pin', file: 'apps/shop/prod/release.yaml', line: 7, value: '1.2.0' },
  ],
  field: { path: 'spec.chart.spec.version', value: '1.2.0' },
  gaps: [],
};

describe('EnvironmentExplain', () => {
  it('explains the object the URL names, each step with its file and line', async () => {
    const explain = jest.fn(async () => ANSWER);
    await renderInPlatterTestApp(<EnvironmentExplain />, {
      entity: prodEuEntity,
      apis: [[platterApiRef, { explain }]],
      route: '/?object=HelmRelease%2Fteam-a%2Fshop&field=spec.chart.spec.version',
    });
    expect(await screen.findByText('Why HelmRelease team-a/shop is in prod-eu')).toBeInTheDocument();
    expect(explain).toHaveBeenCalledWith({
      env: 'prod-eu',
      object: 'HelmRelease/team-a/shop',
      field: 'spec.chart.spec.version',
    });
    const patch = within(screen.getByText('the stage pin').closest('tr')!);
    expect(patch.getByText('apps/shop/prod/release.yaml:7')).toBeInTheDocument();
    expect(patch.getByText('"1.2.0"')).toBeInTheDocument();
    expect(screen.getByText(/applied by the Flux Kustomization team-a\/shop/)).toBeInTheDocument();
  });

  it('asks for an object when the URL names none, and explains the one typed', async () => {
    const explain = jest.fn(async () => ANSWER);
    await renderInPlatterTestApp(<EnvironmentExplain />, {
      entity: prodEuEntity,
      apis: [[platterApiRef, { explain }]],
    });
    expect(screen.getByText(/Name an object of prod-eu/)).toBeInTheDocument();
    expect(explain).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText('Object'), 'HelmRelease/team-a/shop');
    await userEvent.click(screen.getByRole('button', { name: 'Explain' }));
    await waitFor(() => expect(explain).toHaveBeenCalledWith({ env: 'prod-eu', object: 'HelmRelease/team-a/shop' }));
  });

  it.each([
    [
      '/catalog/default/resource/env-prod-eu',
      'Kustomization/flux-system/runtime-cert-manager',
      undefined,
      '/catalog/default/resource/env-prod-eu/explain?object=Kustomization%2Fflux-system%2Fruntime-cert-manager',
    ],
    [
      '/catalog/default/resource/env-prod-eu/',
      'Namespace/team-a',
      'metadata.labels',
      '/catalog/default/resource/env-prod-eu/explain?object=Namespace%2Fteam-a&field=metadata.labels',
    ],
  ])('explainHref(%s, %s, %s)', (page, object, field, href) => {
    expect(explainHref(page, object, field)).toBe(href);
  });
});
