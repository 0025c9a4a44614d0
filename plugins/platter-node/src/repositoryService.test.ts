import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { RepositoryHistory, RepositoryMirror } from '@platter/gitops-repo';
import { platterRepositoryServiceRef, type PlatterRepositoryService } from './repositoryService';

// The default factory, in a real backend: one mirror, one set of parsed commits and one history clone per
// backend process, which every plugin that depends on the service shares.
it('gives every plugin the same mirror, plan bases and history clone of the configured repository', async () => {
  const seen: PlatterRepositoryService[] = [];
  const reader = (pluginId: string) =>
    createBackendPlugin({
      pluginId,
      register(env) {
        env.registerInit({
          deps: { repository: platterRepositoryServiceRef },
          async init({ repository }) {
            seen.push(repository);
          },
        });
      },
    });
  const url = 'https://github.com/example-org/fleet.git';
  const backend = await startTestBackend({
    features: [
      reader('one'),
      reader('two'),
      mockServices.rootConfig.factory({
        data: {
          platter: { repository: { url, branch: 'main' } },
          integrations: { github: [{ host: 'github.com', token: 'ghp_standin' }] },
        },
      }),
    ],
  });
  try {
    expect(seen).toHaveLength(2);
    const [one, two] = seen;
    expect(one).toBe(two);
    expect(one!.mirror).toBeInstanceOf(RepositoryMirror);
    expect(one!.history).toBeInstanceOf(RepositoryHistory);
    expect(one!.history!.source).toMatchObject({ url, branch: 'main' });
    expect(one!.bases).toBeDefined();
  } finally {
    await backend.stop();
  }
});
