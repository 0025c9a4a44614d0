import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { platterPermissions } from '@platter/plugin-platter-common';
import { platterRepositoryServiceRef } from '@platter/plugin-platter-node';
import { createRouter } from './service';

/**
 * The `platter` backend plugin: mounts the routes of service/router.ts under
 * /api/platter and registers Platter's permissions, so the permission backend
 * lists them for policies. Wiring only.
 */
export const platterPlugin = createBackendPlugin({
  pluginId: 'platter',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        logger: coreServices.logger,
        repository: platterRepositoryServiceRef,
      },
      async init({ httpRouter, httpAuth, userInfo, permissions, permissionsRegistry, logger, repository }) {
        permissionsRegistry.addPermissions(platterPermissions);
        httpRouter.use(await createRouter({ httpAuth, userInfo, permissions, logger, mirror: repository.mirror }));
      },
    });
  },
});
