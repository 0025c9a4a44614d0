import { tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TestRemotes } from '../testing';
import { RepositoryMirror } from './RepositoryMirror';

describe('RepositoryMirror', () => {
  let remotes: TestRemotes;
  let cache: string;
  beforeAll(async () => {
    remotes = await TestRemotes.create();
    cache = await mkdtemp(join(tmpdir(), 'platter-mirror-'));
  });
  afterAll(async () => {
    await rm(remotes.base, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  });

  it('serves snapshots by commit and sees new commits when asked for a fresh one', async () => {
    const remote = await remotes.newRemote();
    const mirror = new RepositoryMirror({ url: remote }, { cacheDir: cache, maxAgeMs: 60_000 });
    const first = await mirror.snapshot();
    expect(first.branch).toBe('main');
    expect(first.tree.read('platter.yaml')).toContain('example-fleet');
    expect(first.tree.list('').some((p) => p.startsWith('.git/'))).toBe(false);

    await remotes.pushCommit(remote, { 'docs/runbook.md': '# runbook\n' }, 'add a runbook');
    expect((await mirror.snapshot()).commit).toBe(first.commit); // cached within maxAge
    const second = await mirror.snapshot({ fresh: true });
    expect(second.commit).not.toBe(first.commit);
    expect(second.tree.read('docs/runbook.md')).toBe('# runbook\n');
    // The earlier snapshot is immutable.
    expect(first.tree.read('docs/runbook.md')).toBeUndefined();
  });

  it('shares one fetch between concurrent callers', async () => {
    const remote = await remotes.newRemote();
    const mirror = new RepositoryMirror({ url: remote, branch: 'main' }, { cacheDir: cache });
    const [a, b] = await Promise.all([mirror.snapshot({ fresh: true }), mirror.snapshot({ fresh: true })]);
    expect(a).toBe(b);
  });
});
