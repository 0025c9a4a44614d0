import { catalogApiRef, EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ScaffolderFieldExtensions, useCustomFieldExtensions } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { platterApiRef } from './api/ref';
import {
  EntityAppDeploymentsCard,
  EntityEnvironmentCard,
  PlatterMenuPage,
  PlatterPlanPreviewFieldExtension,
  platterPlugin,
  RuntimeAddonPickerFieldExtension,
} from './plugin';
import { fleetEntities, prodEuEntity, shopComponentEntity } from './testing/fixtures';

function FieldExtensionNames() {
  const extensions = useCustomFieldExtensions(
    <ScaffolderFieldExtensions>
      <RuntimeAddonPickerFieldExtension />
      <PlatterPlanPreviewFieldExtension />
    </ScaffolderFieldExtensions>,
  );
  return <div data-testid="field-extensions">{extensions.map((e) => e.name).join(',')}</div>;
}

describe('legacy frontend system wiring', () => {
  it('provides the API, renders both cards and the menu page, and registers both scaffolder fields', async () => {
    expect(platterPlugin.getId()).toBe('platter');
    expect([...platterPlugin.getApis()].map((f) => f.api.id)).toEqual([platterApiRef.id]);

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApiMock({ entities: fleetEntities })],
          [
            platterApiRef,
            {
              menuOverview: async () => ({
                commit: 'c0ffee',
                rows: [],
                stages: [],
                totals: { services: 0, versions: 0, stages: 0, environments: 0, apps: 0 },
              }),
            } as never,
          ],
        ]}
      >
        <EntityProvider entity={prodEuEntity}>
          <EntityEnvironmentCard />
        </EntityProvider>
        <EntityProvider entity={shopComponentEntity}>
          <EntityAppDeploymentsCard />
        </EntityProvider>
        <FieldExtensionNames />
        <Routes>
          <Route path="/platter/menu" element={<PlatterMenuPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/platter/menu'], mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(await screen.findByText('Environment prod-eu')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Deployments' })).toBeInTheDocument();
    expect(await screen.findByText('Platter menu')).toBeInTheDocument();
    expect(await screen.findByText('The menu is empty.')).toBeInTheDocument();
    expect(screen.getByTestId('field-extensions')).toHaveTextContent('RuntimeAddonPicker,PlatterPlanPreview');
  });
});
