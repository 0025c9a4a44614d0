import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
// The main entry: the /alpha entry's catalogProcessingExtensionPoint is undefined in plugin-catalog-node 2.x.
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { platterRepositoryServiceRef } from '@platter/plugin-platter-node';
import { PlatterEntityProvider } from './provider';

/** Adds the PlatterEntityProvider to the catalog. Wiring only. */
export const catalogModulePlatter = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'platter',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        scheduler: coreServices.scheduler,
        logger: coreServices.logger,
        repository: platterRepositoryServiceRef,
      },
      async init({ catalog, scheduler, logger, repository }) {
        catalog.addEntityProvider(PlatterEntityProvider.fromRepository(repository, { logger, scheduler }));
      },
    });
  },
});
