import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TestRemotes } from '../testing';
import { RepositoryHistory } from './RepositoryHistory';
import { RepositoryMirror } from './RepositoryMirror';

// The backend's history clone beside the depth-1 mirror: real git remotes, hand commits pushed by "another writer".
jest.setTimeout(60_000);

let remotes: TestRemotes;
let remote: string;
let cache: string;
beforeAll(async () => {
  remotes = await TestRemotes.create();
  remote = await remotes.newRemote();
  cache = await remotes.newDir('cache');
});
afterAll(() => remotes.cleanup());

describe('RepositoryHistory', () => {
  it("reads an env's history at the mirror's snapshot, fetching only when the snapshot is newer than the clone", async () => {
    const mirror = new RepositoryMirror({ url: remote }, { cacheDir: cache, maxAgeMs: 0 });
    const history = new RepositoryHistory({ url: remote }, { cacheDir: cache });
    const first = await remotes.pushCommit(remote, { 'envs/prod-eu/notes.md': 'one\n' }, 'hand: prod-eu notes');
    await remotes.pushCommit(remote, { 'envs/staging-eu/notes.md': 'staging\n' }, 'hand: staging notes');

    const at1 = await mirror.snapshot();
    const h1 = await history.read(at1, { env: 'prod-eu' });
    expect(h1[0]).toMatchObject({ commit: first, source: 'hand', title: 'hand: prod-eu notes' });
    expect(h1.map((e) => e.title)).not.toContain('hand: staging notes');
    expect(h1.length).toBeGreaterThan(1); // the seed commit too: the history goes past the mirror's depth of 1

    const second = await remotes.pushCommit(remote, { 'envs/prod-eu/notes.md': 'two\n' }, 'hand: prod-eu notes again');
    // The old snapshot still reads as of its commit, the new one sees the new commit.
    expect((await history.read(at1, { env: 'prod-eu' }))[0]!.commit).toBe(first);
    const at2 = await mirror.snapshot();
    expect(at2.commit).toBe(second);
    const h2 = await history.read(at2, { env: 'prod-eu' }, { limit: 1 });
    expect(h2.map((e) => e.commit)).toEqual([second]);

    // A bare clone of its own, beside the mirror's: no file of the fleet is written out.
    const clones = (await readdir(cache)).filter((n) => n.startsWith('platter-history-'));
    expect(clones).toHaveLength(1);
    expect(await readdir(join(cache, clones[0]!))).toContain('HEAD');
    await rm(join(cache, clones[0]!), { recursive: true, force: true });
  });

  it('refuses an unknown env as readHistory does (UnknownEnvironment)', async () => {
    const mirror = new RepositoryMirror({ url: remote }, { cacheDir: cache });
    const history = new RepositoryHistory({ url: remote }, { cacheDir: cache });
    await expect(history.read(await mirror.snapshot(), { env: 'nowhere' })).rejects.toMatchObject({
      code: 'UnknownEnvironment',
    });
  });
});
