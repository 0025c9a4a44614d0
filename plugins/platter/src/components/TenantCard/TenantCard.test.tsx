import type { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { TenantCard } from './TenantCard';

const teamA: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default', title: 'Team A (shop)' },
  spec: { type: 'team', children: [] },
};

describe('TenantCard', () => {
  it("lists the group's tenant apps and where they run, linked", async () => {
    const tenant = jest.fn().mockResolvedValue({
      tenant: {
        name: 'team-a',
        namespaces: ['team-a'],
        stages: ['staging', 'prod'],
        apps: [
          {
            name: 'shop',
            deployments: [
              { stage: 'staging', version: '1.4.0' },
              { env: 'prod-eu', version: '1.3.0' },
            ],
          },
        ],
      },
    });
    await renderInPlatterTestApp(<TenantCard />, { entity: teamA, apis: [[platterApiRef, { tenant }]] });
    expect(await screen.findByText('Platter tenant team-a')).toBeInTheDocument();
    expect(tenant).toHaveBeenCalledWith('group:default/team-a');
    const row = within(
      within(screen.getByRole('table', { name: 'Apps' }))
        .getByText('shop')
        .closest('tr')!,
    );
    expect(row.getByRole('link', { name: 'stage staging' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/stage-staging',
    );
    expect(row.getByRole('link', { name: 'env prod-eu' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/env-prod-eu',
    );
    expect(row.getByText(/1\.3\.0/)).toBeInTheDocument();
  });

  it('a group without a tenant says so', async () => {
    await renderInPlatterTestApp(<TenantCard />, {
      entity: teamA,
      apis: [[platterApiRef, { tenant: jest.fn().mockResolvedValue({}) }]],
    });
    expect(await screen.findByText('This group owns no Platter tenant.')).toBeInTheDocument();
  });
});
