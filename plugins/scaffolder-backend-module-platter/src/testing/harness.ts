import { join } from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { UserEntity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseRequest, type MemoryFileTree } from '@platter/model';
import { exampleRepository, plan } from '@platter/render';
import { RepositoryMirror } from '@platter/gitops-repo';
import { TestRemotes } from '@platter/gitops-repo/testing';
import { PlanBases, readPlatterConfig, type PlatterRepositoryService } from '@platter/plugin-platter-node';

/**
 * TEST-ONLY: real git remotes (TestRemotes, bare repositories in a temp dir)
 * seeded with the example fleet plus what some examples need (two menu entries, a stage),
 * the repository service over them (the same RepositoryMirror platter-node
 * builds), and scaffolder action contexts (createMockActionContext) for users
 * of the example fleet's teams.
 */

/** Users of the example fleet, by what they act as. */
export const USERS = {
  'team-a': { ref: 'user:default/jane', groups: ['group:default/team-a'] },
  'team-b': { ref: 'user:default/bob', groups: ['group:default/team-b'] },
  platform: { ref: 'user:default/ops', groups: ['group:default/platform-team'] },
  nobody: { ref: 'user:default/guest', groups: [] as string[] },
} as const;
export type TestUser = keyof typeof USERS;

/**
 * The example fleet, plus podinfo 1.0.0 on the menu, an unused cert-manager 1.1.0, an unused stage qa and
 * shop's s3 bucket `assets` in staging.
 */
export function seedTree(): MemoryFileTree {
  const tree = exampleRepository();
  for (const request of [
    {
      kind: 'AddRuntimeService',
      name: 'podinfo',
      chart: { repository: 'https://stefanprodan.github.io/podinfo', name: 'podinfo', version: '6.7.0' },
    },
    {
      kind: 'ReleaseComponentVersion',
      service: 'cert-manager',
      version: '1.1.0',
      from: '1.0.0',
      chartVersion: 'v1.17.0',
    },
    { kind: 'CreateStage', name: 'qa', after: 'staging', promotesFrom: 'staging' },
    // A cloud resource for RemoveCloudResource's example to remove (issue 21).
    { kind: 'AddCloudResource', app: 'shop', target: { stage: 'staging' }, name: 'assets', class: 's3-bucket' },
  ]) {
    tree.apply(plan(tree, parseRequest(request)).changes);
  }
  return tree;
}

export const userEntity = (ref: string, groups: readonly string[]): UserEntity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/').pop()!, namespace: 'default' },
  spec: { memberOf: [...groups] },
  relations: groups.map((targetRef) => ({ type: 'memberOf', targetRef })),
});

export interface ContextOptions {
  readonly input: Record<string, unknown>;
  readonly as: TestUser;
  readonly secrets?: Record<string, string>;
  readonly isDryRun?: boolean;
  readonly workspacePath?: string;
  /** Checkpoint results by key, kept across contexts like a task's state across retries. */
  readonly checkpoints?: Map<string, unknown>;
  readonly taskId?: string;
}

export type TestContext = ActionContext<any, any> & {
  readonly workspacePath: string;
  readonly logger: jest.Mocked<LoggerService>;
};

export class ActionHarness {
  private constructor(readonly remotes: TestRemotes) {}

  static async create(files: MemoryFileTree = seedTree()): Promise<ActionHarness> {
    return new ActionHarness(await TestRemotes.create(files));
  }

  /** A fresh bare remote and the repository service reading it. */
  async repository(
    options: { platter?: Record<string, unknown>; url?: (remote: string) => string } = {},
  ): Promise<{ remote: string; service: PlatterRepositoryService }> {
    const remote = await this.remotes.newRemote();
    return { remote, service: await this.service(options.url ? options.url(remote) : remote, options.platter) };
  }

  /** The repository service for `url`, as platter-node's default factory builds it. */
  async service(url: string, platter: Record<string, unknown> = {}): Promise<PlatterRepositoryService> {
    const cacheDir = await this.remotes.newDir('cache');
    const config = readPlatterConfig(new ConfigReader({ platter: { repository: { url }, cacheDir, ...platter } }));
    return {
      config,
      mirror: new RepositoryMirror(config.repository, { cacheDir, maxAgeMs: config.maxSnapshotAgeMs }),
      // The actions plan on the commit parsed once (issue 17), as in a backend.
      bases: new PlanBases(),
    };
  }

  async context(options: ContextOptions): Promise<TestContext> {
    const user = USERS[options.as];
    const logger = mockServices.logger.mock();
    const workspacePath = options.workspacePath ?? join(await this.remotes.newDir('workspace'), 'ws');
    const base = createMockActionContext({
      input: options.input as never,
      ...(options.secrets ? { secrets: options.secrets } : {}),
      workspacePath,
      logger,
      task: { id: options.taskId ?? 'task-1' },
      user: { ref: user.ref, entity: userEntity(user.ref, user.groups) },
    });
    const checkpoints = options.checkpoints;
    return {
      ...base,
      logger,
      workspacePath,
      getInitiatorCredentials: async () => mockCredentials.user(user.ref),
      // createMockActionContext ignores isDryRun (FIELD-NOTES): spread in here.
      ...(options.isDryRun ? { isDryRun: true } : {}),
      ...(checkpoints
        ? {
            // The scaffolder's semantics: a key with a recorded result returns it without running fn.
            async checkpoint({ key, fn }: { key: string; fn: () => Promise<unknown> }) {
              if (checkpoints.has(key)) return checkpoints.get(key);
              const value = await fn();
              checkpoints.set(key, value);
              return value;
            },
          }
        : {}),
    } as TestContext;
  }

  cleanup(): Promise<void> {
    return this.remotes.cleanup();
  }
}

/** Allow-all permissions and the default mock userInfo (ownership = the user ref; groups come from ctx.user). */
export function testIdentityDeps() {
  return {
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    userInfo: mockServices.userInfo(),
  };
}

/** Every output a context received, by name. */
export function outputsOf(ctx: TestContext): Record<string, any> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls.map(([name, value]) => [name, value]));
}
