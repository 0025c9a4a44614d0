import { screen, within } from '@testing-library/react';
import type { FleetOverviewResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { FleetOverview } from './FleetOverview';

const STAGES = ['dev', 'qa', 'staging', 'canary', 'prod'];
/** 5 stages × 30 components over 1,000 envs: what one request answers. */
const OVERVIEW: FleetOverviewResponse = {
  commit: 'c0ffee',
  stages: STAGES.map((name, i) => ({ name, environments: 200, ...(i ? { promotesFrom: STAGES[i - 1]! } : {}) })),
  components: Array.from({ length: 30 }, (_, c) => ({
    service: `svc-${String(c).padStart(2, '0')}`,
    cells: STAGES.map((stage, i) =>
      c === 29 && stage === 'qa'
        ? { stage, addons: [], differing: 0 }
        : {
            stage,
            version: i < 2 ? '1.1.0' : '1.0.0',
            addons: ['metrics'],
            differing: c === 0 && stage === 'prod' ? 7 : 0,
            lifecycle: { status: 'stable' as const },
          },
    ),
  })),
  totals: { environments: 1000, apps: 300 },
};

describe('FleetOverview', () => {
  it('shows the version each stage runs of each component, envs that differ, and links to the stages', async () => {
    const api = { fleetOverview: jest.fn(async () => OVERVIEW) };
    await renderInPlatterTestApp(<FleetOverview />, { apis: [[platterApiRef, api]] });

    const table = await screen.findByRole('table', { name: 'Stages × components' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(31);
    expect(within(rows[0]!).getByRole('link', { name: 'prod' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/stage-prod',
    );
    expect(within(rows[0]!).getAllByText('200 envs')).toHaveLength(5);
    const first = within(rows[1]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(first).toEqual(['svc-00', '1.1.0', '1.1.0', '1.0.0', '1.0.0', '1.0.0 · 7 differ']);
    expect(
      within(rows[30]!)
        .getAllByRole('cell')
        .map((c) => c.textContent)[2],
    ).toBe('—');
    expect(api.fleetOverview).toHaveBeenCalledTimes(1);
  });
});
