import { tmpdir } from 'node:os';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { RepositoryHistory } from '@platter/gitops-repo';
import { platterPermissions } from '@platter/plugin-platter-common';
import { platterRepositoryServiceRef, reviewHostFromConfig } from '@platter/plugin-platter-node';
import type { Config } from '@backstage/config';
import { createRouter } from './service';
import { ReviewBranches } from './service/openRequests';

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
        config: coreServices.rootConfig,
        repository: platterRepositoryServiceRef,
      },
      async init({ httpRouter, httpAuth, userInfo, permissions, permissionsRegistry, logger, config, repository }) {
        permissionsRegistry.addPermissions(platterPermissions);
        // The History tab's clone, beside the mirror's (RepositoryHistory says why); made on the first read.
        const history = new RepositoryHistory(repository.config.repository, {
          cacheDir: repository.config.cacheDir ?? tmpdir(),
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            userInfo,
            permissions,
            logger,
            mirror: repository.mirror,
            history,
            // "My requests": the review branches, from a bare clone beside the mirror's.
            reviewBranches: new ReviewBranches(
              repository.config.repository.url,
              repository.config.cacheDir ?? tmpdir(),
            ),
            // What publish will do, for the preview: the configured mode and the review host (the publish action's).
            publish: {
              mode: repository.config.publish.mode,
              host: hostFacts(config, repository.config.repository.url),
            },
          }),
        );
      },
    });
  },
});

/** The review host's facts the preview shows (kind, noun, web page), when an integration serves the remote. */
function hostFacts(config: Config, remote: string) {
  const host = reviewHostFromConfig(config, remote);
  return host ? { kind: host.kind, noun: host.noun, webUrl: host.webUrl } : undefined;
}
