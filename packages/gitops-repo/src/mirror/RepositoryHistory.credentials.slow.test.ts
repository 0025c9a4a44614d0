import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isPlatterError } from '@platter/model';
import { startGitHttpServer, TestRemotes, type GitHttpServer } from '../testing';
import { RepositoryHistory } from './RepositoryHistory';
import { RepositoryMirror } from './RepositoryMirror';

/**
 * The History tab on a private https remote: `git http-backend` behind a
 * loopback server that requires Basic credentials. The blobless clone needs
 * them for the clone and fetches, and also for the blobs an undo offer reads,
 * which git fetches lazily while `cat-file` runs.
 */
jest.setTimeout(60_000);

const TOKEN = 'ghs_historyTOKEN0123456789';
const RUNTIME = 'stages/prod/runtime/ingress-nginx.yaml';
let remotes: TestRemotes;
let server: GitHttpServer;
let remote: string;
let url: string;
let cache: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
  remote = await remotes.newRemote();
  // As GitHub and GitLab serve it: partial clones allowed (without this git would clone everything).
  await remotes.git(remote, 'config', 'uploadpack.allowFilter', 'true');
  await remotes.git(remote, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  server = await startGitHttpServer(dirname(remote), { auth: { user: 'x-access-token', password: TOKEN } });
  url = `${server.url()}/${basename(remote)}`;
  cache = await remotes.newDir('cache');
});
afterAll(async () => {
  await server.close();
  await remotes.cleanup();
});

const credentials = (asked: number[]) => async () => (asked.push(1), { username: 'x-access-token', password: TOKEN });

it("reads a private remote's history, undo offers included (their blobs are fetched lazily, with the credentials)", async () => {
  const mirror = new RepositoryMirror({ url }, { cacheDir: cache, maxAgeMs: 0, credentials: credentials([]) });
  const before = (await mirror.snapshot()).tree.read(RUNTIME)!;
  expect(before).toContain('1.0.0');
  const hand = await remotes.pushCommit(remote, { [RUNTIME]: before.replace(/1\.0\.0/g, '1.1.0') }, 'hand: upgrade');

  const asked: number[] = [];
  const history = new RepositoryHistory({ url }, { cacheDir: cache, credentials: credentials(asked) });
  const entries = await history.read(await mirror.snapshot(), { stage: 'prod' });
  // The undo is read from the two versions of the runtime file: blobs the blobless clone did not have.
  expect(entries[0]).toMatchObject({
    commit: hand,
    source: 'hand',
    undo: [{ kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.0.0' }],
  });
  expect(asked).toHaveLength(1);
  await history.read(await mirror.snapshot(), { stage: 'prod' });
  expect(asked).toHaveLength(2); // asked per read: an installation token expires

  // The token is nowhere in the clone's config.
  const [clone] = (await readdir(cache)).filter((n) => n.startsWith('platter-history-'));
  expect(await readFile(join(cache, clone!, 'config'), 'utf8')).not.toContain(TOKEN);
  await rm(join(cache, clone!), { recursive: true, force: true });
});

it('without credentials the private remote refuses: GitFailed, and a wrong token never shows in the message', async () => {
  const mirror = new RepositoryMirror({ url }, { cacheDir: cache, credentials: credentials([]) });
  const snapshot = await mirror.snapshot();
  const anonymous = new RepositoryHistory({ url }, { cacheDir: await remotes.newDir('anon') });
  expect(isPlatterError(await anonymous.read(snapshot, { stage: 'prod' }).catch((e: unknown) => e), 'GitFailed')).toBe(
    true,
  );
  const wrong = 'ghs_wrongTOKEN9876543210';
  const bad = new RepositoryHistory(
    { url },
    {
      cacheDir: await remotes.newDir('bad'),
      credentials: async () => ({ username: 'x-access-token', password: wrong }),
    },
  );
  const refused = (await bad.read(snapshot, { stage: 'prod' }).catch((e: unknown) => e)) as Error;
  expect(isPlatterError(refused, 'GitFailed')).toBe(true);
  expect(`${refused.message} ${String(refused.stack)}`).not.toContain(wrong);
});
