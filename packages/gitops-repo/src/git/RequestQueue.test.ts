import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestQueue } from './RequestQueue';
import { onboardApp, TEAM_A } from './testing/fixtures';

/**
 * The queue's bookkeeping without a remote to land on (loopback port 9 refuses
 * at once): requests for one remote wait in one lane whatever credentials the
 * URL carries, and a remote that cannot be cloned fails every waiting request
 * with git's error, leaving no clone behind. Landing is RequestQueue.slow.test.ts.
 */
let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'platter-queue-test-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it('counts the requests of one remote and branch, tokens or not, and fails them all when the remote cannot be cloned', async () => {
  const queue = new RequestQueue();
  const options = { mode: 'direct' as const, actor: TEAM_A, workDir };
  const outcomes = [
    queue.apply('http://x-access-token:first-token-1234@127.0.0.1:9/fleet.git', onboardApp('a'), options),
    queue.apply('http://x-access-token:second-token-5678@127.0.0.1:9/fleet.git', onboardApp('b'), options),
    queue.apply('http://127.0.0.1:9/fleet.git', onboardApp('c'), { ...options, branch: 'other' }),
  ].map((p) =>
    p.then(
      () => 'landed',
      (e: { code?: string; message?: string }) => e,
    ),
  );

  expect(queue.size('http://127.0.0.1:9/fleet.git')).toBe(2);
  expect(queue.size('http://127.0.0.1:9/fleet.git', 'other')).toBe(1);
  const failures = await Promise.all(outcomes);
  for (const f of failures) expect(f).toMatchObject({ code: 'GitFailed' });
  // No token in any message.
  expect(failures.map((f) => (f as { message: string }).message).join('\n')).not.toMatch(/token-\d/);
  expect(queue.size('http://127.0.0.1:9/fleet.git')).toBe(0);
  expect(await readdir(workDir)).toEqual([]);
});
