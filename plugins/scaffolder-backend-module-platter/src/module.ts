import { tmpdir } from 'node:os';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { RepositoryHistory } from '@platter/gitops-repo';
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
        // An upgrade campaign's soak reads landing dates from a history clone (made on the first campaign wave), the
        // repository service's when it has one (the History tab's).
        const history =
          repository.history ??
          new RepositoryHistory(repository.config.repository, {
            cacheDir: repository.config.cacheDir ?? tmpdir(),
          });
        const deps = { repository, permissions, userInfo, history };
        scaffolder.addActions(
          ...REQUEST_KINDS.map((kind) => createPlatterAction(kind, deps)),
          createPublishAction({ ...deps, integrations }),
        );
      },
    });
  },
});
