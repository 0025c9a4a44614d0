import { basename, dirname } from 'node:path';
import { isPlatterError } from '@platter/model';
import { applyRequest } from './applyRequest';
import { startGitHttpServer, type GitHttpServer } from './testing/gitHttpServer';
import { NOW, onboardApp, refsOf, revParse, TEAM_A, thrown, trailersOf } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * applyRequest over smart HTTP (`git http-backend` behind a local server that
 * requires Basic credentials, as a hosted remote does): clone, deepen, push and
 * ls-remote all go over HTTP; credentials in the URL never reach a message.
 */
jest.setTimeout(30_000);

const CREDENTIALS = { user: 'platter-bot', password: 's3cret-Pa55word' };

let remotes: TestRemotes;
let server: GitHttpServer;
let remote: string;
let url: (credentials?: { user: string; password: string }) => string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
  remote = await remotes.newRemote();
  server = await startGitHttpServer(dirname(remote), { auth: CREDENTIALS });
  url = (c) => `${server.url(c)}/${basename(remote)}`;
});
afterAll(async () => {
  await server.close();
  await remotes.cleanup();
});

it('applies, re-runs and proposes branches over smart HTTP', async () => {
  const r = await applyRequest(url(CREDENTIALS), onboardApp('cart'), { mode: 'direct', actor: TEAM_A, now: NOW });
  expect(r).toMatchObject({ outcome: 'committed', branch: 'main' });
  expect(await revParse(remote, 'main')).toBe(r.commit);
  expect(await trailersOf(remote, 'main')).toMatchObject({ request: [r.plan.requestHash] });

  const again = await applyRequest(url(CREDENTIALS), onboardApp('cart'), { mode: 'direct', actor: TEAM_A, now: NOW });
  expect(again).toMatchObject({ outcome: 'already-applied', commit: r.commit });

  const proposal = await applyRequest(url(CREDENTIALS), onboardApp('orders'), {
    mode: 'branch',
    actor: TEAM_A,
    now: NOW,
  });
  expect(proposal).toMatchObject({ outcome: 'committed', branch: 'platter/onboard-app/orders' });
  expect(await revParse(remote, 'platter/onboard-app/orders^')).toBe(r.commit);
});

it.each([
  ['a wrong password', () => url({ ...CREDENTIALS, password: 'wr0ng-Pa55word' }), 'wr0ng-Pa55word'],
  ['a missing repository', () => `${server.url(CREDENTIALS)}/nope.git`, CREDENTIALS.password],
])('%s is GitFailed, and the message holds no credentials', async (_name, remoteUrl, secret) => {
  const before = await refsOf(remote);
  const error = await thrown(() =>
    applyRequest(remoteUrl(), onboardApp('cart'), { mode: 'direct', actor: TEAM_A, now: NOW }),
  );
  expect(isPlatterError(error, 'GitFailed')).toBe(true);
  const everything = `${error.message} ${String(error.stack)} ${JSON.stringify(error)} ${String(error.cause ?? '')}`;
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(encodeURIComponent(secret));
  expect(everything).not.toContain(`${CREDENTIALS.user}:`);
  expect(await refsOf(remote)).toBe(before);
});
