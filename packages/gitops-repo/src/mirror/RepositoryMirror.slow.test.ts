import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
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

    await remotes.pushCommit(remote, { 'docs/runbook.md': null }, 'drop the runbook');
    const third = await mirror.snapshot({ fresh: true });
    expect(third.tree.read('docs/runbook.md')).toBeUndefined();
    expect(third.tree.list('')).toEqual(first.tree.list(''));
    expect(second.tree.read('docs/runbook.md')).toBe('# runbook\n');
    // No checkout: snapshots come from the object store, the fleet's files are never written to disk.
    const clones = (await readdir(cache)).filter((n) => n.startsWith('platter-mirror-'));
    expect(clones).toHaveLength(1);
    expect(await readdir(join(cache, clones[0]!))).toEqual(['.git']);
  });

  it('with allowStale, serves the last snapshot at once and fetches the new commit for the next caller', async () => {
    const remote = await remotes.newRemote();
    const mirror = new RepositoryMirror({ url: remote }, { cacheDir: cache, maxAgeMs: 1 });
    const first = await mirror.snapshot({ allowStale: true }); // nothing yet: waits for the clone
    await remotes.pushCommit(remote, { 'docs/runbook.md': '# runbook\n' }, 'add a runbook');
    await new Promise((r) => setTimeout(r, 5));
    expect((await mirror.snapshot({ allowStale: true })).commit).toBe(first.commit); // stale, fetch started
    const next = await mirror.snapshot(); // waits for that fetch (shared) or a newer one
    expect(next.commit).not.toBe(first.commit);
    expect(next.tree.read('docs/runbook.md')).toBe('# runbook\n');
  });

  it('shares one fetch between concurrent callers', async () => {
    const remote = await remotes.newRemote();
    const mirror = new RepositoryMirror({ url: remote, branch: 'main' }, { cacheDir: cache });
    const [a, b] = await Promise.all([mirror.snapshot({ fresh: true }), mirror.snapshot({ fresh: true })]);
    expect(a).toBe(b);
  });

  it('mirrors of one remote in one cache dir (replicas on one host) never share a clone: concurrent refreshes all succeed and match their commit', async () => {
    const remote = await remotes.newRemote();
    const shared = await mkdtemp(join(cache, 'shared-'));
    const mirrors = [0, 1, 2].map(() => new RepositoryMirror({ url: remote }, { cacheDir: shared, maxAgeMs: 1 }));
    let moving = true;
    const mover = (async () => {
      for (let i = 1; moving && i <= 40; i++)
        await remotes.pushCommit(remote, { 'docs/counter.md': `${i}\n` }, `move ${i}`);
    })();
    const seen = await Promise.all(
      mirrors.map(async (m) => {
        const snapshots = [];
        for (let i = 0; i < 12; i++) snapshots.push(await m.snapshot({ fresh: true }));
        return snapshots;
      }),
    );
    moving = false;
    await mover;
    // Each snapshot's files are those of its commit (no torn reads).
    for (const s of seen.flat()) {
      const counter = await remotes.git(remote, 'show', `${s.commit}:docs/counter.md`).catch(() => undefined); // stdout without its newline
      expect(s.tree.read('docs/counter.md')?.trimEnd()).toBe(counter);
    }
    expect((await readdir(shared)).filter((n) => n.startsWith('platter-mirror-'))).toHaveLength(3);
  }, 120_000);

  it("removes clones of the same remote left by this host's processes that are gone, and nothing else", async () => {
    const remote = await remotes.newRemote();
    const dir = await mkdtemp(join(cache, 'prune-'));
    // The name a mirror of `remote` gives its clones, from the first one made.
    await new RepositoryMirror({ url: remote }, { cacheDir: dir }).snapshot();
    const [own] = await readdir(dir);
    const prefix = own!.slice(0, own!.indexOf('.') + 1);
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // exited
    const names = {
      deadHere: `${prefix}${gone}@${host}.aaaaaa`,
      liveHere: `${prefix}${process.ppid}@${host}.bbbbbb`,
      otherHost: `${prefix}${gone}@another-host.example.cccccc`,
      otherRemote: `platter-mirror-0123456789abcdef.${gone}@${host}.dddddd`,
    };
    for (const n of Object.values(names)) await mkdir(join(dir, n, '.git'), { recursive: true });
    await new RepositoryMirror({ url: remote }, { cacheDir: dir }).snapshot();
    const left = await readdir(dir);
    expect(left).not.toContain(names.deadHere);
    expect(left).toEqual(expect.arrayContaining([own, names.liveHere, names.otherHost, names.otherRemote]));
    expect(left).toHaveLength(5); // those four and the new mirror's clone
  }, 60_000);
});
