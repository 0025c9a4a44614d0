import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { fleetEntities, shopComponentEntity } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { AppDeploymentsCard } from './AppDeploymentsCard';

describe('AppDeploymentsCard', () => {
  it('shows the version per stage and env, links the envs, and that prod can be promoted from staging', async () => {
    const catalogApi = catalogApiMock({ entities: fleetEntities });
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    await renderInPlatterTestApp(<AppDeploymentsCard />, {
      entity: shopComponentEntity,
      apis: [[catalogApiRef, catalogApi]],
    });

    const table = within(await screen.findByRole('table', { name: 'Deployments' }));
    const staging = within(table.getByRole('link', { name: 'staging' }).closest('tr')!);
    expect(staging.getByText('1.4.0')).toBeInTheDocument();
    expect(staging.getByRole('link', { name: 'staging-eu' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/env-staging-eu',
    );

    const prod = within(table.getByRole('link', { name: 'prod' }).closest('tr')!);
    expect(prod.getByText('1.3.0')).toBeInTheDocument();
    expect(prod.getByRole('link', { name: 'prod-eu' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/env-prod-eu',
    );
    expect(prod.getByRole('link', { name: 'prod-us' })).toBeInTheDocument();
    expect(prod.getByText(/promotable: staging runs 1\.4\.0/)).toBeInTheDocument();

    expect(getEntities).toHaveBeenCalledWith({ filter: { kind: 'resource', 'spec.type': 'environment' } });
  });
});
