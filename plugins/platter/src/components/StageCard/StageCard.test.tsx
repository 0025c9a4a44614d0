import type { Entity } from '@backstage/catalog-model';
import { fireEvent, screen, within } from '@testing-library/react';
import type { StageEnvironmentsQuery, StageEnvironmentsResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import type { PlatterApi } from '../../api/types';
import { prodEntity, prodEuFacts, prodFacts, prodUsFacts } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { StageCard, STAGE_ENVIRONMENTS_PAGE_SIZE } from './StageCard';

/**
 * The backend's GET /stage/environments over a list of envs (the paging rule of
 * render's pageStageEnvironments), recording each query: the card's requests
 * are pages, never the whole list.
 */
function stageEnvironmentsApi(envs: readonly { env: string; drift: string[] }[]) {
  const queries: StageEnvironmentsQuery[] = [];
  const api: Pick<PlatterApi, 'stageEnvironments'> = {
    stageEnvironments: async (q) => {
      queries.push(q);
      const matching = q.drifting ? envs.filter((e) => e.drift.length) : envs;
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 50;
      const body: StageEnvironmentsResponse = {
        commit: 'c0ffee',
        stage: q.stage,
        total: matching.length,
        drifting: envs.filter((e) => e.drift.length).length,
        offset,
        limit,
        items: matching.slice(offset, offset + limit),
      };
      return body;
    },
  };
  return { api, queries };
}

describe('StageCard', () => {
  it('shows the envs, components with versions and addons, apps and the drift across its envs', async () => {
    const { api } = stageEnvironmentsApi([
      { env: 'prod-eu', drift: [...prodEuFacts.drift] },
      { env: 'prod-us', drift: [...prodUsFacts.drift] },
    ]);
    await renderInPlatterTestApp(<StageCard />, { entity: prodEntity, apis: [[platterApiRef, api]] });
    expect(screen.getByText('Stage prod')).toBeInTheDocument();
    expect(screen.getByText(/promoted from staging · releases only/)).toBeInTheDocument();
    expect(screen.getByText('Environments (2)')).toBeInTheDocument();
    const envs = within(await screen.findByTestId('platter-stage-environments'));
    expect(envs.getByRole('link', { name: 'prod-eu' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/env-prod-eu',
    );

    const components = within(screen.getByRole('table', { name: 'Runtime components' }));
    const ingress = within(components.getByRole('link', { name: 'ingress-nginx' }).closest('tr')!);
    expect(ingress.getByText('1.1.0')).toBeInTheDocument();
    expect(ingress.getByText('metrics, modsecurity')).toBeInTheDocument();
    expect(components.getByRole('link', { name: 'ingress-nginx' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/component-ingress-nginx',
    );

    const apps = within(screen.getByRole('table', { name: 'Tenant apps' }));
    expect(within(apps.getByText('shop').closest('tr')!).getByText('1.3.0')).toBeInTheDocument();

    const drift = await screen.findByTestId('platter-stage-drift');
    expect(drift).toHaveTextContent(`prod-eu: ${prodEuFacts.drift[0]}`);
    expect(drift).toHaveTextContent(`prod-us: ${prodUsFacts.drift[0]}`);
  });

  it('pages the envs of a large stage from the backend, a page per request (issue 24)', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      env: `prod-x${String(i).padStart(3, '0')}`,
      drift: i === 7 ? ['addon ingress-nginx/metrics disabled here only'] : [],
    }));
    const { api, queries } = stageEnvironmentsApi(many);
    const entity = {
      ...prodEntity,
      spec: { ...prodEntity.spec, platter: { ...prodFacts, environmentCount: 120 } },
    } as unknown as Entity;
    await renderInPlatterTestApp(<StageCard />, { entity, apis: [[platterApiRef, api]] });
    expect(screen.getByText('Environments (120)')).toBeInTheDocument();
    const envs = await screen.findByTestId('platter-stage-environments');
    expect(within(envs).getAllByRole('link')).toHaveLength(STAGE_ENVIRONMENTS_PAGE_SIZE);
    expect(within(envs).queryByRole('link', { name: 'prod-x050' })).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(
      await within(await screen.findByTestId('platter-stage-environments')).findByRole('link', { name: 'prod-x050' }),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('platter-stage-drift')).toHaveTextContent(
      'prod-x007: addon ingress-nginx/metrics disabled here only',
    );
    expect(queries.every((q) => (q.limit ?? 0) <= STAGE_ENVIRONMENTS_PAGE_SIZE)).toBe(true);
    expect(queries).toContainEqual(expect.objectContaining({ stage: 'prod', drifting: false, offset: 50 }));
  });
});
