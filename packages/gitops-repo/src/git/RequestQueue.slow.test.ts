import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { requestHash } from '@platter/model';
import { applyRequest, type ApplyOptions } from './applyRequest';
import { RequestQueue } from './RequestQueue';
import { merges, NOW, onboardApp, requestHashesOn, revParse, showFile, TEAM_A, trailersOf } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * Group commit (issue 17 goal 3) against real git: requests queued for one
 * remote and branch are planned one on the other and pushed together, one
 * commit per request with its own trailers; a request that fails fails alone;
 * a retried submission is not committed twice, whoever landed it; a round that
 * loses a race re-plans on the new head; two queues (two processes' worth of
 * writers) on one remote each land all of theirs. No timing assertions: the
 * machine may be loaded, which only changes how requests split into rounds.
 */
jest.setTimeout(300_000);

const QUEUE_CHILD = join(__dirname, 'testing', 'queueChild.ts');

let remotes: TestRemotes;
let remote: string;
let workDir: string;
beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());
beforeEach(async () => {
  remote = await remotes.newRemote();
  workDir = await remotes.newDir('work');
});
afterEach(async () => {
  // Every round's clone is removed once its lane is empty.
  expect(await readdir(workDir)).toEqual([]);
});

const asTeamA = (): ApplyOptions => ({ mode: 'direct', actor: TEAM_A, now: NOW, workDir });
const apps = (n: number, prefix = 'app') =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);

/** Commits of `main` after `base`, oldest first, with their parents and Platter-Request trailers. */
async function chainAfter(base: string): Promise<{ commit: string; parents: string[]; requests: string[] }[]> {
  const out = await remotes.git(
    remote,
    'log',
    '--reverse',
    '--format=%H %P%x1f%(trailers:key=Platter-Request,valueonly,separator=%x1e)%x1d',
    `${base}..main`,
  );
  return out
    .split('\x1d')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => {
      const [ids, requests] = r.split('\x1f');
      const [commit, ...parents] = ids!.split(' ');
      return { commit: commit!, parents, requests: requests!.split('\x1e').filter(Boolean) };
    });
}

describe('RequestQueue: group commit', () => {
  it('50 requests submitted at once all land, one commit each with its own trailers, in fewer pushes than requests', async () => {
    const base = await revParse(remote, 'main');
    let pushes = 0;
    const queue = new RequestQueue({ onBeforePush: () => void pushes++ });
    const names = apps(50);

    const results = await Promise.all(names.map((n) => queue.apply(remote, onboardApp(n), asTeamA())));

    expect(results.map((r) => r.outcome)).toEqual(names.map(() => 'committed'));
    const chain = await chainAfter(base);
    expect(chain).toHaveLength(50);
    expect(await merges(remote, 'main')).toEqual([]);
    // One request per commit, the commit each result names, in submission order; each on the one before.
    expect(chain.map((c) => c.requests)).toEqual(results.map((r) => [r.plan.requestHash]));
    expect(chain.map((c) => c.commit)).toEqual(results.map((r) => r.commit));
    for (const [i, c] of chain.entries()) expect(c.parents).toEqual([i === 0 ? base : chain[i - 1]!.commit]);
    const parentOf = new Map(chain.map((c) => [c.commit, c.parents[0]]));
    for (const r of results) expect(r.plan.baseCommit).toBe(parentOf.get(r.commit!));
    expect(await trailersOf(remote, results[7]!.commit!)).toEqual({
      request: [requestHash(onboardApp(names[7]!))],
      requestedBy: ['user:default/jane'],
    });
    const binding = await showFile(remote, 'main', 'tenants/team-a/staging/kustomization.yaml');
    for (const name of names) expect(binding).toContain(`${name}.yaml`);
    expect(pushes).toBeLessThan(50);
    expect(queue.size(remote)).toBe(0);
  });

  it('a request that fails fails alone: its own typed error, no commit; the others land', async () => {
    const base = await revParse(remote, 'main');
    const queue = new RequestQueue();
    const good = apps(6);
    const requests = [
      ...good.slice(0, 3).map((n) => onboardApp(n)),
      onboardApp('stray', { targets: [{ stage: 'nope' }] }),
      ...good.slice(3).map((n) => onboardApp(n)),
    ];

    const settled = await Promise.allSettled(requests.map((r) => queue.apply(remote, r, asTeamA())));

    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((settled[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'UnknownStage' });
    const chain = await chainAfter(base);
    expect(chain.map((c) => c.requests[0])).toEqual(good.map((n) => requestHash(onboardApp(n))));
  });

  it('exactly once: a retried submission is already-applied, in a later round and twice in one round', async () => {
    const queue = new RequestQueue();
    const first = await queue.apply(remote, onboardApp('cart'), asTeamA());
    expect(first.outcome).toBe('committed');

    // The retry arrives with new requests, and one new submission arrives twice in the same round.
    const [retry, a, b, twin] = await Promise.all([
      queue.apply(remote, onboardApp('cart'), asTeamA()),
      queue.apply(remote, onboardApp('basket'), asTeamA()),
      queue.apply(remote, onboardApp('basket'), asTeamA()),
      queue.apply(remote, onboardApp('ledger'), asTeamA()),
    ]);
    expect(retry).toMatchObject({ outcome: 'already-applied', commit: first.commit });
    expect([a.outcome, b.outcome, twin.outcome]).toEqual(['committed', 'already-applied', 'committed']);
    expect(b.commit).toBe(a.commit);
    const hashes = await requestHashesOn(remote, 'main');
    expect(hashes).toEqual([
      requestHash(onboardApp('cart')),
      requestHash(onboardApp('basket')),
      requestHash(onboardApp('ledger')),
    ]);
  });

  it('a round that loses a race re-plans on the new head; a request another writer landed meanwhile counts once', async () => {
    const base = await revParse(remote, 'main');
    const names = apps(5, 'race');
    let moved: string | undefined;
    let other: string | undefined;
    const queue = new RequestQueue({
      onBeforePush: async ({ round }) => {
        if (round !== 1) return;
        // Another writer (another backend) lands one of this round's submissions, and a hand edit.
        other = (await applyRequest(remote, onboardApp(names[2]!), { ...asTeamA(), workDir: undefined })).commit;
        moved = await remotes.pushCommit(remote, { 'docs/NOTE.md': 'a hand edit\n' }, 'hand edit');
      },
    });

    const results = await Promise.all(names.map((n) => queue.apply(remote, onboardApp(n), asTeamA())));

    expect(results.map((r) => r.outcome)).toEqual([
      'committed',
      'committed',
      'already-applied',
      'committed',
      'committed',
    ]);
    expect(results[2]!.commit).toBe(other);
    for (const r of results.filter((x) => x.outcome === 'committed')) expect(r.attempts).toBe(2);
    // Nothing the other writers pushed is lost, and each submission is on main exactly once.
    await remotes.git(remote, 'merge-base', '--is-ancestor', moved!, 'main');
    const hashes = await requestHashesOn(remote, 'main');
    expect([...hashes].sort()).toEqual(names.map((n) => requestHash(onboardApp(n))).sort());
    expect(await merges(remote, 'main')).toEqual([]);
    expect((await chainAfter(base)).length).toBe(6); // five requests and the hand edit
  });

  it('a round after a landed one fetches only when the branch moved in between (no lost race then)', async () => {
    let hand: string | undefined;
    const queue = new RequestQueue({
      roundBudgetMs: 0, // one request per round
      onAfterPush: async ({ round }) => {
        if (round === 1) hand = await remotes.pushCommit(remote, { 'docs/NOTE.md': 'a hand edit\n' }, 'hand edit');
      },
    });
    const results = await Promise.all(apps(3, 'next').map((n) => queue.apply(remote, onboardApp(n), asTeamA())));
    expect(results.map((r) => [r.outcome, r.attempts])).toEqual([
      ['committed', 1],
      ['committed', 1],
      ['committed', 1],
    ]);
    // Round 2 planned on the hand edit, round 3 on round 2's commit (the remote had not moved).
    expect(results[1]!.plan.baseCommit).toBe(hand);
    expect(results[2]!.plan.baseCommit).toBe(results[1]!.commit);
    expect(await revParse(remote, 'main')).toBe(results[2]!.commit);
  });

  it('two queues on one remote (two writers in one process) each land all of theirs', async () => {
    const base = await revParse(remote, 'main');
    const [a, b] = [new RequestQueue({ roundBudgetMs: 500 }), new RequestQueue({ roundBudgetMs: 500 })];
    const names = apps(24, 'two');

    const results = await Promise.all(
      names.map((n, i) => (i % 2 ? b : a).apply(remote, onboardApp(n), { ...asTeamA(), timeoutMs: 240_000 })),
    );

    expect(results.map((r) => r.outcome)).toEqual(names.map(() => 'committed'));
    const chain = await chainAfter(base);
    expect(chain).toHaveLength(24);
    expect(chain.every((c) => c.requests.length === 1 && c.parents.length === 1)).toBe(true);
    expect(new Set(chain.map((c) => c.requests[0]))).toEqual(new Set(results.map((r) => r.plan.requestHash)));
    expect(await merges(remote, 'main')).toEqual([]);
  });

  it('two processes (two backends) on one remote each land all of theirs', async () => {
    const base = await revParse(remote, 'main');
    const names = apps(24, 'proc');
    const inChild = (mine: string[]) =>
      new Promise<{ outcome?: string; commit?: string; error?: string; message?: string }[]>((resolve, reject) => {
        const input = {
          remote,
          requests: mine.map((n) => onboardApp(n)),
          options: {
            mode: 'direct',
            actor: TEAM_A,
            now: NOW.toISOString(),
            workDir,
            roundBudgetMs: 500,
            timeoutMs: 240_000,
          },
        };
        const child = spawn(
          process.execPath,
          ['--require', require.resolve('tsx/cjs'), QUEUE_CHILD, JSON.stringify(input)],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exit ${code}: ${err}`)),
        );
      });

    const [a, b] = await Promise.all([
      inChild(names.filter((_, i) => i % 2 === 0)),
      inChild(names.filter((_, i) => i % 2 === 1)),
    ]);

    expect([...a, ...b].map((r) => r.outcome ?? `${r.error}: ${r.message}`)).toEqual(names.map(() => 'committed'));
    const chain = await chainAfter(base);
    expect(chain).toHaveLength(24);
    expect(chain.every((c) => c.requests.length === 1 && c.parents.length === 1)).toBe(true);
    expect(new Set(chain.map((c) => c.requests[0]))).toEqual(new Set(names.map((n) => requestHash(onboardApp(n)))));
    expect(new Set(chain.map((c) => c.commit))).toEqual(new Set([...a, ...b].map((r) => r.commit)));
    expect(await merges(remote, 'main')).toEqual([]);
  });

  it('mode branch is not batched: it lands as applyRequest lands it', async () => {
    const queue = new RequestQueue();
    const r = await queue.apply(remote, onboardApp('cart'), { ...asTeamA(), mode: 'branch' });
    expect(r).toMatchObject({ outcome: 'committed', targetBranch: 'main' });
    expect(r.branch).not.toBe('main');
  });
});
