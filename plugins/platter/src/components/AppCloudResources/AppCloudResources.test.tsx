import { screen, within } from '@testing-library/react';
import type { CloudResourcesResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { AppCloudResources } from './AppCloudResources';

const RESOURCES: CloudResourcesResponse = {
  commit: 'c0ffee',
  app: 'shop',
  resources: [
    {
      name: 'uploads',
      app: 'shop',
      namespace: 'team-a',
      stage: 'prod',
      class: 's3-bucket',
      version: '1.0.0',
      backend: 'crossplane',
      connectionSecret: 'uploads-connection',
      deletionPolicy: 'Orphan',
      path: 'apps/shop/prod/cloud/uploads.yaml',
    },
    {
      name: 'db',
      app: 'shop',
      namespace: 'team-a',
      env: 'staging-eu',
      class: 'postgres',
      version: '2.1.0',
      backend: 'terraform',
      connectionSecret: 'db-connection',
      deletionPolicy: 'Delete',
      path: 'apps/shop/envs/staging-eu/cloud/db.yaml',
    },
  ],
};

describe('AppCloudResources', () => {
  it("lists the app's resources with their Secret and what removal does, and links to the template", async () => {
    const api = { cloudResources: jest.fn(async () => RESOURCES) };
    await renderInPlatterTestApp(<AppCloudResources app="shop" />, { apis: [[platterApiRef, api]] });
    const table = await screen.findByRole('table', { name: 'Cloud resources' });
    expect(api.cloudResources).toHaveBeenCalledWith('shop');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      ['uploads', 'stage prod', 's3-bucket 1.0.0', 'crossplane', 'uploads-connection', 'kept (orphaned)'],
      ['db', 'env staging-eu', 'postgres 2.1.0', 'terraform', 'db-connection', 'deleted'],
    ]);
    expect(screen.getByRole('button', { name: 'Request a cloud resource' }).getAttribute('href')).toContain(
      'platter-request-cloud-resource?formData=',
    );
  });

  it('renders nothing when the Platter API has no cloud routes', async () => {
    const { container } = await renderInPlatterTestApp(<AppCloudResources app="shop" />, {
      apis: [[platterApiRef, {}]],
    });
    expect(container.textContent).toBe('');
  });
});
