import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { checkAppVersionInStage } from '@platter/model';
import { fleetEntities, prodFacts, shopComponentEntity, stagingEntity, stagingFacts } from '../../testing/fixtures';
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
    // Promote opens the promote-app template, pre-filled.
    const promote = prod.getByRole('button', { name: 'Promote 1.4.0 to prod' });
    const url = new URL(promote.getAttribute('href')!, 'http://portal');
    expect(url.pathname).toBe('/create/templates/default/platter-promote-app');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      app: 'shop',
      from: 'stage:staging',
      to: ['stage:prod'],
      version: '1.4.0',
    });
    expect(staging.queryByRole('button', { name: /^Promote/ })).not.toBeInTheDocument();

    expect(getEntities).toHaveBeenCalledWith({ filter: { kind: 'resource', 'spec.type': 'environment' } });
  });

  it("a prerelease prod refuses is not promotable: the model's finding, and no Promote", async () => {
    const rc = '1.5.0-rc.1';
    const staging: Entity = {
      ...stagingEntity,
      spec: {
        ...stagingEntity.spec,
        platter: { ...stagingFacts, apps: [{ app: 'shop', tenant: 'team-a', version: rc }] } as never,
      },
    };
    const entities = fleetEntities.map((e) => (e === stagingEntity ? staging : e));
    await renderInPlatterTestApp(<AppDeploymentsCard />, {
      entity: shopComponentEntity,
      apis: [[catalogApiRef, catalogApiMock({ entities })]],
    });
    const table = within(await screen.findByRole('table', { name: 'Deployments' }));
    const prod = within(table.getByRole('link', { name: 'prod' }).closest('tr')!);
    expect(prod.getByText(new RegExp(checkAppVersionInStage('shop', rc, prodFacts)!.message))).toBeInTheDocument();
    expect(prod.queryByText(/promotable/)).not.toBeInTheDocument();
    expect(prod.queryByRole('button', { name: /^Promote/ })).not.toBeInTheDocument();
  });
});
