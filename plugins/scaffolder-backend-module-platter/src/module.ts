import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { REQUEST_KINDS } from '@platter/model';
import { platterRepositoryServiceRef } from '@platter/plugin-platter-node';
import { createPlatterAction, createPublishAction } from './actions';

/**
 * Registers Platter's scaffolder actions: `platter:<noun>:<verb>` for every
 * request kind, and `platter:publish`. Wiring only (STYLE §4).
 */
export const scaffolderModulePlatter = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platter',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        repository: platterRepositoryServiceRef,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, repository, permissions, userInfo, config }) {
        const integrations = ScmIntegrations.fromConfig(config);
        const deps = { repository, permissions, userInfo };
        scaffolder.addActions(
          ...REQUEST_KINDS.map((kind) => createPlatterAction(kind, deps)),
          createPublishAction({ ...deps, integrations }),
        );
      },
    });
  },
});
