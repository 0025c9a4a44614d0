import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
// The main entry: the /alpha entry's catalogProcessingExtensionPoint is undefined in plugin-catalog-node 2.x.
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { isLocalRepositoryUrl } from '@platter/plugin-platter-common';
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
        discovery: coreServices.discovery,
      },
      async init({ catalog, scheduler, logger, repository, discovery }) {
        // A local repository (the demo's) has no host to link View Source to: the platter backend serves its tree
        // when platter.repository.browse allows it.
        const { url, browse } = repository.config.repository;
        const browseUrl =
          browse && isLocalRepositoryUrl(url) ? `${await discovery.getExternalBaseUrl('platter')}/source` : undefined;
        catalog.addEntityProvider(
          PlatterEntityProvider.fromRepository(repository, { logger, scheduler, ...(browseUrl ? { browseUrl } : {}) }),
        );
      },
    });
  },
});
