import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { fleetEntities, prodEntity, prodEuFacts, prodUsFacts } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { StageCard } from './StageCard';

describe('StageCard', () => {
  it('shows the envs, components with versions and addons, apps and the drift across its envs', async () => {
    await renderInPlatterTestApp(<StageCard />, {
      entity: prodEntity,
      apis: [[catalogApiRef, catalogApiMock({ entities: fleetEntities })]],
    });
    expect(screen.getByText('Stage prod')).toBeInTheDocument();
    expect(screen.getByText(/promoted from staging · releases only/)).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'prod-eu' })[0]).toHaveAttribute(
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
});
