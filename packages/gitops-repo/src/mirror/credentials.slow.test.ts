import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isPlatterError } from '@platter/model';
import { startGitHttpServer, TestRemotes, type GitHttpServer } from '../testing';
import { gitHttpAuthEnv } from '../reviewHost/gitCredentials';
import { RepositoryHistory } from './RepositoryHistory';
import { RepositoryMirror } from './RepositoryMirror';

/**
 * A private https remote: `git http-backend` behind a loopback server that
 * requires Basic credentials (as GitHub and GitLab answer a private repository).
 * The mirror and the history clone get them from a credentials source, as a
 * header: never in the URL, the clone's config or a message. The history clone
 * needs them also for the blobs an undo offer reads, which git fetches lazily
 * while `cat-file` runs.
 */
jest.setTimeout(60_000);

const TOKEN = 'ghs_standinTOKEN0123456789';
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
  cache = await mkdtemp(join(tmpdir(), 'platter-mirror-cred-'));
});
afterAll(async () => {
  await server.close();
  await remotes.cleanup();
  await rm(cache, { recursive: true, force: true });
});

it('clones and fetches a private remote with the credentials source, which it asks before each fetch', async () => {
  const asked: number[] = [];
  const mirror = new RepositoryMirror(
    { url },
    {
      cacheDir: cache,
      maxAgeMs: 1,
      credentials: async () => (asked.push(1), { username: 'x-access-token', password: TOKEN }),
    },
  );
  const first = await mirror.snapshot();
  expect(first.tree.read('platter.yaml')).toContain('example-fleet');
  const next = await remotes.pushCommit(remote, { 'docs/a.md': 'a\n' }, 'a doc');
  expect((await mirror.snapshot({ fresh: true })).commit).toBe(next);
  expect(asked).toHaveLength(2);
  // The token is nowhere in the clone's config.
  const [clone] = (await readdir(cache)).filter((n) => n.startsWith('platter-mirror-'));
  expect(await readFile(join(cache, clone!, '.git', 'config'), 'utf8')).not.toContain(TOKEN);
});

it('without credentials the private remote refuses: GitFailed, and a wrong token never shows in the message', async () => {
  const anonymous = new RepositoryMirror({ url }, { cacheDir: await mkdtemp(join(cache, 'anon-')) });
  const error = await anonymous.snapshot().catch((e: unknown) => e);
  expect(isPlatterError(error, 'GitFailed')).toBe(true);

  const wrong = 'ghs_wrongTOKEN9876543210';
  const bad = new RepositoryMirror(
    { url },
    {
      cacheDir: await mkdtemp(join(cache, 'bad-')),
      credentials: async () => ({ username: 'x-access-token', password: wrong }),
    },
  );
  const refused = (await bad.snapshot().catch((e: unknown) => e)) as Error;
  expect(isPlatterError(refused, 'GitFailed')).toBe(true);
  expect(`${refused.message} ${String(refused.stack)}`).not.toContain(wrong);
});

it.each([
  [
    'an https remote: a header scoped to its origin',
    'https://github.com/o/fleet.git',
    'http.https://github.com/.extraHeader',
  ],
  ['a path: nothing', '/srv/git/fleet.git', undefined],
  ['an scp-like address: nothing', 'git@github.com:o/fleet.git', undefined],
])('gitHttpAuthEnv, %s', (_name, remoteUrl, key) => {
  const env = gitHttpAuthEnv(remoteUrl, { username: 'oauth2', password: 'tok' });
  expect(env.GIT_CONFIG_KEY_0).toBe(key);
  if (key) expect(env.GIT_CONFIG_VALUE_0).toBe(`Authorization: Basic ${Buffer.from('oauth2:tok').toString('base64')}`);
});

const RUNTIME = 'stages/prod/runtime/ingress-nginx.yaml';
const credentials = (asked: number[]) => async () => (asked.push(1), { username: 'x-access-token', password: TOKEN });

describe('the history clone', () => {
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
    const anonymous = new RepositoryHistory({ url }, { cacheDir: await mkdtemp(join(cache, 'history-anon-')) });
    expect(
      isPlatterError(await anonymous.read(snapshot, { stage: 'prod' }).catch((e: unknown) => e), 'GitFailed'),
    ).toBe(true);
    const wrong = 'ghs_wrongTOKEN9876543210';
    const bad = new RepositoryHistory(
      { url },
      {
        cacheDir: await mkdtemp(join(cache, 'history-bad-')),
        credentials: async () => ({ username: 'x-access-token', password: wrong }),
      },
    );
    const refused = (await bad.read(snapshot, { stage: 'prod' }).catch((e: unknown) => e)) as Error;
    expect(isPlatterError(refused, 'GitFailed')).toBe(true);
    expect(`${refused.message} ${String(refused.stack)}`).not.toContain(wrong);
  });
});
