import { mockServices } from '@backstage/backend-test-utils';
import type { EntityProviderConnection, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import type { RepositorySnapshot } from '@platter/gitops-repo';
import { MemoryFileTree, type FileTree } from '@platter/model';
import { DEMO_AGE_RECIPIENT, exampleFleet, exampleRepository, render, validateRepository } from '@platter/render';
import { PlatterEntityProvider, type PlatterSnapshotSource } from './PlatterEntityProvider';

/** A mirror that serves whatever commit the test last "pushed". */
class FakeMirror implements PlatterSnapshotSource {
  readonly displayUrl = 'https://git.example.test/fleet.git';
  private head?: RepositorySnapshot;
  failure?: Error;
  push(commit: string, tree: FileTree) {
    this.head = { commit, branch: 'main', tree: MemoryFileTree.from(tree), fetchedAt: new Date() };
  }
  async snapshot(): Promise<RepositorySnapshot> {
    if (this.failure) throw this.failure;
    return this.head!;
  }
}

class FakeConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  names(i = this.mutations.length - 1): string[] {
    const m = this.mutations[i]!;
    return m.type === 'full' ? m.entities.map((e) => e.entity.metadata.name) : [];
  }
}

const broken = () => {
  const tree = exampleRepository();
  tree.write('platter.yaml', 'spec: [unclosed\n');
  return tree;
};

describe('PlatterEntityProvider', () => {
  let mirror: FakeMirror;
  let connection: FakeConnection;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let scheduler: ReturnType<typeof mockServices.scheduler.mock>;
  let provider: PlatterEntityProvider;

  beforeEach(async () => {
    mirror = new FakeMirror();
    connection = new FakeConnection();
    logger = mockServices.logger.mock();
    scheduler = mockServices.scheduler.mock();
    provider = new PlatterEntityProvider({ mirror, logger, scheduler, refreshIntervalSeconds: 90 });
    await provider.connect(connection);
  });

  it('schedules its refresh at the configured frequency, without an initial delay', () => {
    expect(provider.getProviderName()).toBe('PlatterEntityProvider');
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock.calls[0]![0];
    expect(task).toMatchObject({ id: 'PlatterEntityProvider:refresh', frequency: { seconds: 90 } });
    expect(task.initialDelay).toBeUndefined();
  });

  it('applies a full mutation of the entities, with its location key', async () => {
    mirror.push('a1', exampleRepository());
    await expect(provider.refresh()).resolves.toEqual({ readCommit: 'a1', appliedCommit: 'a1', blocking: [] });
    expect(connection.mutations).toHaveLength(1);
    expect(connection.mutations[0]).toMatchObject({ type: 'full' });
    expect(connection.names()).toEqual([
      'stage-staging',
      'stage-prod',
      'env-prod-eu',
      'env-prod-us',
      'env-staging-eu',
      'component-cert-manager',
      'component-external-dns',
      'component-ingress-nginx',
      'component-monitoring-agent',
    ]);
    const first = connection.mutations[0]!;
    if (first.type !== 'full') throw new Error('full mutation expected');
    expect(first.entities[0]!.locationKey).toBe('PlatterEntityProvider:https://git.example.test/fleet.git');
    expect(first.entities[0]!.entity.metadata.annotations).toMatchObject({
      'platter.dev/commit': 'a1',
      'platter.dev/source': 'https://git.example.test/fleet.git#main',
    });
  });

  it('does not parse or apply a commit again', async () => {
    mirror.push('a1', exampleRepository());
    await provider.refresh();
    await provider.refresh();
    expect(connection.mutations).toHaveLength(1);
  });

  it('keeps the last good entities while the repository does not parse, and logs the findings once', async () => {
    mirror.push('a1', exampleRepository());
    await provider.refresh();
    mirror.push('b2', broken());
    const status = await provider.refresh();
    await provider.refresh();
    expect(connection.mutations).toHaveLength(1);
    expect(status).toMatchObject({ readCommit: 'b2', appliedCommit: 'a1' });
    expect(status.blocking.length).toBeGreaterThan(0);
    expect(status.blocking[0]).toMatchObject({ severity: 'error', path: 'platter.yaml' });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]![0]).toContain('keeping the entities of a1');
    expect(logger.error.mock.calls[0]![0]).toContain(status.blocking[0]!.code);

    // Fixed again: the next refresh applies.
    mirror.push('c3', exampleRepository());
    await expect(provider.refresh()).resolves.toMatchObject({ appliedCommit: 'c3', blocking: [] });
    expect(connection.mutations).toHaveLength(2);
  });

  it('a broken first commit applies nothing', async () => {
    mirror.push('b2', broken());
    await expect(provider.refresh()).resolves.toMatchObject({ readCommit: 'b2' });
    expect(provider.status().appliedCommit).toBeUndefined();
    expect(connection.mutations).toHaveLength(0);
  });

  it('a file that does not parse blocks even when platter.yaml is fine (the model would lack the env)', async () => {
    mirror.push('a1', exampleRepository());
    await provider.refresh();
    const tree = exampleRepository();
    tree.write('envs/prod-us/kustomization.yaml', 'resources: [unclosed\n');
    mirror.push('b2', tree);
    const status = await provider.refresh();
    expect(status.blocking.map((d) => d.path)).toContain('envs/prod-us/kustomization.yaml');
    expect(connection.mutations).toHaveLength(1);
  });

  it('rule findings do not block: the entities still say what the repository holds', async () => {
    const fleet = exampleFleet(DEMO_AGE_RECIPIENT);
    const conflicting = render({
      ...fleet,
      stages: fleet.stages.map((s) =>
        s.name !== 'staging'
          ? s
          : {
              ...s,
              components: s.components.map((c) =>
                c.service === 'ingress-nginx' ? { ...c, addons: ['nodeport', 'internal-lb'] } : c,
              ),
            },
      ),
    });
    expect(validateRepository(conflicting).diagnostics.map((d) => d.code)).toContain('AddonConflict');
    mirror.push('r1', conflicting);
    await expect(provider.refresh()).resolves.toMatchObject({ appliedCommit: 'r1', blocking: [] });
    expect(connection.mutations).toHaveLength(1);
  });

  it('a git failure keeps the entities and says why', async () => {
    mirror.push('a1', exampleRepository());
    await provider.refresh();
    mirror.failure = new Error('git fetch failed: could not resolve host');
    await expect(provider.refresh()).resolves.toMatchObject({
      appliedCommit: 'a1',
      readError: 'git fetch failed: could not resolve host',
    });
    expect(connection.mutations).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('could not read https://git.example.test/fleet.git'),
    );
  });

  it('refuses to refresh before the catalog connects it', async () => {
    const unconnected = new PlatterEntityProvider({ mirror, logger, scheduler, refreshIntervalSeconds: 60 });
    await expect(unconnected.refresh()).rejects.toThrow('not connected');
  });
});
