import type { Entity } from '@backstage/catalog-model';
import { EntityProvider, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ReactElement } from 'react';

/**
 * Renders an element in the legacy test app with the catalog's entity route
 * mounted (EntityRefLink needs it), optional APIs, and optionally inside an
 * entity page's EntityProvider, at `route` (the URL the element sees; default `/`).
 */
export function renderInPlatterTestApp(
  element: ReactElement,
  options: { entity?: Entity; apis?: ReadonlyArray<readonly [unknown, unknown]>; route?: string } = {},
) {
  const withEntity = options.entity ? <EntityProvider entity={options.entity}>{element}</EntityProvider> : element;
  return renderInTestApp(<TestApiProvider apis={(options.apis ?? []) as never}>{withEntity}</TestApiProvider>, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    ...(options.route ? { routeEntries: [options.route] } : {}),
  });
}
