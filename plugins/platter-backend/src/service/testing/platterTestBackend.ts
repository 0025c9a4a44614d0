import { coreServices, createServiceFactory, type ServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { platterPlugin } from '../../plugin';

/**
 * The userInfo service of a signed-in user whose groups a test decides (the
 * ownership refs the catalog would give): each route's actor comes from them.
 */
export const userInfoOfGroups = (groupsOf: (user: string) => readonly string[]) =>
  createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const userEntityRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
        return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groupsOf(userEntityRef)] };
      },
    }),
  });

export interface PlatterTestBackendOptions {
  /** The GitOps remote (a path or URL git can fetch). */
  readonly remote: string;
  /** The mirror's and history clone's directory. */
  readonly cacheDir: string;
  /** Each user's groups. */
  readonly groupsOf: (user: string) => readonly string[];
  /** The permission service. @default allow everything */
  readonly permissions?: ServiceFactory;
  /** More root config beside `platter` (e.g. `integrations`). */
  readonly config?: Record<string, unknown>;
}

/**
 * The platter backend plugin in a real backend (startTestBackend) over `remote`,
 * the mirror refreshed on every read (maxSnapshotAgeMs 1) so a push shows at once.
 */
export function startPlatterTestBackend(options: PlatterTestBackendOptions) {
  return startTestBackend({
    features: [
      platterPlugin,
      userInfoOfGroups(options.groupsOf),
      options.permissions ?? mockServices.permissions.factory(),
      mockServices.rootConfig.factory({
        data: {
          platter: { repository: { url: options.remote }, cacheDir: options.cacheDir, maxSnapshotAgeMs: 1 },
          ...options.config,
        },
      }),
    ],
  });
}

/** What startPlatterTestBackend starts. */
export type PlatterTestBackend = Awaited<ReturnType<typeof startPlatterTestBackend>>;
