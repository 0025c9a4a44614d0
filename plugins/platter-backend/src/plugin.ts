import { tmpdir } from 'node:os';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { RepositoryHistory } from '@platter/gitops-repo';
import { isLocalRepositoryUrl, platterPermissions } from '@platter/plugin-platter-common';
import {
  gitCredentialsFromConfig,
  platterRepositoryServiceRef,
  reviewHostFromConfig,
} from '@platter/plugin-platter-node';
import { createRouter } from './service';
import { createSourceRouter } from './service/sourceRoutes';
import { ReviewBranches } from './service/openRequests';
import { HostReviews } from './service/hostReviews';

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
        // The History tab's clone, beside the mirror's (RepositoryHistory says why), the repository service's when
        // it has one (shared with the scaffolder's campaign checks); made on the first read.
        const history =
          repository.history ??
          new RepositoryHistory(repository.config.repository, {
            cacheDir: repository.config.cacheDir ?? tmpdir(),
          });
        const remote = repository.config.repository.url;
        // The review host when an integration serves the remote (GitHub, GitLab): publish's, read for My requests.
        const host = reviewHostFromConfig(config, remote);
        if (repository.config.repository.browse && isLocalRepositoryUrl(remote)) {
          // View Source of a repository without a web host (the demo's): its tree, read-only (sourceRoutes.ts).
          // Opt-in (platter.repository.browse): a new browser tab carries no Backstage token, so the tree is open.
          httpRouter.addAuthPolicy({ path: '/source', allow: 'unauthenticated' });
          httpRouter.use(createSourceRouter(repository.mirror));
        }
        httpRouter.use(
          await createRouter({
            httpAuth,
            userInfo,
            permissions,
            logger,
            mirror: repository.mirror,
            // Its commits parsed once, for the preview as for the actions and the catalog (issue 17).
            ...(repository.bases ? { bases: repository.bases } : {}),
            history,
            // "My requests": the review branches, from a bare clone beside the mirror's (with the integration's
            // credentials for a private https remote), and the host's open PRs/MRs, read at most every 30 s.
            reviewBranches: new ReviewBranches(
              remote,
              repository.config.cacheDir ?? tmpdir(),
              gitCredentialsFromConfig(config, remote),
            ),
            ...(host
              ? {
                  hostReviews: new HostReviews(host, {
                    onError: (e) => logger.warn(`open reviews could not be read from ${host.kind}: ${String(e)}`),
                  }),
                }
              : {}),
            // What publish will do, for the preview: the configured mode and the review host (the publish action's).
            publish: {
              mode: repository.config.publish.mode,
              host: host ? { kind: host.kind, noun: host.noun, webUrl: host.webUrl } : undefined,
            },
          }),
        );
      },
    });
  },
});
