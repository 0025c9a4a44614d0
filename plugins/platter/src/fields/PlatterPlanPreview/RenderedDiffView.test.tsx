import type { PlanRouteRenderedDiff } from '@platter/plugin-platter-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { RenderedDiffView } from './RenderedDiffView';

const release = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', namespace: 'team-a', name: 'shop' };
const diff: PlanRouteRenderedDiff = {
  groups: [
    {
      environments: ['prod-eu'],
      stages: ['prod'],
      dangers: [
        {
          code: 'ChartMajorVersionChanged',
          severity: 'warning',
          message: 'HelmRelease team-a/shop: chart version 1.2.0 -> 2.0.0 changes the major version',
          path: 'apps/shop/base/release.yaml#spec.chart.spec.version',
          object: release,
        },
      ],
      changes: [
        {
          op: 'change',
          id: 'helm.toolkit.fluxcd.io/HelmRelease/team-a/shop',
          object: release,
          file: 'apps/shop/base/release.yaml',
          appliedBy: 'team-a/shop',
          fields: [{ op: 'change', path: 'spec.chart.spec.version', before: '1.2.0', after: '2.0.0' }],
        },
      ],
    },
    {
      environments: ['staging-eu', 'staging-us'],
      stages: ['staging'],
      dangers: [],
      changes: [
        {
          op: 'add',
          id: '/ConfigMap/team-a/extra',
          object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team-a', name: 'extra' },
          file: 'apps/shop/base/extra.yaml',
          appliedBy: 'team-a/shop',
          fields: [],
        },
      ],
    },
  ],
  unchanged: ['dev-eu'],
};

describe('RenderedDiffView', () => {
  it('shows one collapsible section per group, danger findings first and open, the rest collapsed', async () => {
    await renderInPlatterTestApp(<RenderedDiffView diff={diff} />);
    const groups = await screen.findAllByTestId('platter-rendered-group');
    expect(groups).toHaveLength(2);
    expect(groups[0]).toHaveTextContent('env prod-eu (stage prod): 1 object change, 1 danger finding');
    expect(within(groups[0]!).getByTestId('platter-danger')).toHaveTextContent(
      'ChartMajorVersionChanged: HelmRelease team-a/shop',
    );
    expect(within(groups[0]!).getByTestId('platter-rendered-object')).toHaveTextContent(
      'spec.chart.spec.version: "1.2.0" -> "2.0.0"',
    );
    expect(within(groups[0]!).getByRole('button', { expanded: true })).toBeInTheDocument();
    expect(groups[1]).toHaveTextContent('the same change in 2 envs of stage staging: 1 object change');
    const second = within(groups[1]!).getByRole('button', { expanded: false });
    await userEvent.click(second);
    expect(within(groups[1]!).getByRole('button', { expanded: true })).toBeInTheDocument();
    expect(within(groups[1]!).getByTestId('platter-rendered-object')).toHaveTextContent('+ ConfigMap team-a/extra');
    expect(screen.getByText('Unchanged: dev-eu')).toBeInTheDocument();
  });
});
