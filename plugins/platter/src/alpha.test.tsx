import { renderTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock, createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import platterPlugin from './alpha';
import { fleetEntities, prodEuEntity, useFixedNow } from './testing/fixtures';

describe('new frontend system wiring', () => {
  useFixedNow();

  it('renders the environment card from alpha on an environment entity page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: prodEuEntity }),
        platterPlugin.getExtension('entity-card:platter/environment'),
      ],
      apis: [[catalogApiRef, catalogApiMock({ entities: fleetEntities })]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(await screen.findByText('Environment prod-eu')).toBeInTheDocument();
    expect(screen.getByText('waf (env override)')).toBeInTheDocument();
  });
});
