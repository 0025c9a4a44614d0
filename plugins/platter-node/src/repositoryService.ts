import { tmpdir } from 'node:os';
import { coreServices, createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { RepositoryHistory, RepositoryMirror } from '@platter/gitops-repo';
import { readPlatterConfig, type PlatterConfig } from './config';
import { PlanBases } from './planBases';
import { gitCredentialsFor } from './reviewHost';

/**
 * The GitOps repository as the backend plugins see it: the config, and one
 * read-only mirror per backend process shared by the catalog provider, the plan
 * route and the actions (root scope, so plugins share it rather than each
 * cloning).
 */
export interface PlatterRepositoryService {
  readonly config: PlatterConfig;
  readonly mirror: RepositoryMirror;
  /**
   * The mirrored commits parsed for planning and reading, shared by the plugins
   * (issue 17). The default factory always sets it; a service made by hand
   * without it makes each plugin parse on its own.
   */
  readonly bases?: PlanBases;
  /**
   * The branch's history (a blobless clone beside the mirror, made on the first
   * read), shared by the History tab and the campaign soak checks, with the
   * same credentials as the mirror. A service made by hand without it makes
   * each plugin clone its own.
   */
  readonly history?: RepositoryHistory;
}

export const platterRepositoryServiceRef = createServiceRef<PlatterRepositoryService>({
  id: 'platter.repository',
  scope: 'root',
  defaultFactory: async (service) =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
      factory({ config, logger }) {
        const platter = readPlatterConfig(config);
        // A private https remote: the credentials of the integration that serves it (gitCredentialsFor).
        const credentials = gitCredentialsFor(platter.repository.url, ScmIntegrations.fromConfig(config));
        const cacheDir = platter.cacheDir ?? tmpdir();
        return {
          config: platter,
          mirror: new RepositoryMirror(platter.repository, {
            cacheDir,
            maxAgeMs: platter.maxSnapshotAgeMs,
            ...(credentials ? { credentials } : {}),
          }),
          bases: new PlanBases(undefined, {
            onPrepareError: (error, commit) =>
              logger.warn(
                `platter: preparing commit ${commit ?? '?'} ahead of plans failed; plans compute it as they go`,
                {
                  error: String(error),
                },
              ),
          }),
          history: new RepositoryHistory(platter.repository, { cacheDir, ...(credentials ? { credentials } : {}) }),
        };
      },
    }),
});
