import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlatterError, parseRequest } from '@platter/model';
import { applyRequest, type ApplyOptions } from './applyRequest';
import {
  changedPaths,
  enableMetricsInStaging,
  merges,
  NOW,
  onboardApp,
  PLATFORM,
  refsOf,
  requestHashesOn,
  revParse,
  showFile,
  subjects,
  TEAM_A,
  thrown,
  trailersOf,
} from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * applyRequest against real bare remotes (file transport) seeded with the
 * example fleet. Another writer is simulated by the onBeforePush test hook:
 * it pushes (often through a nested applyRequest) between our commit and our push.
 */
jest.setTimeout(30_000);

let remotes: TestRemotes;
let remote: string;
let workDir: string;
let seed: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());
beforeEach(async () => {
  remote = await remotes.newRemote();
  workDir = await remotes.newDir('work');
  seed = await revParse(remote, 'main');
});
afterEach(async () => {
  // Every run removes its clone, whatever happened.
  expect(await readdir(workDir)).toEqual([]);
});

const direct = (extra: Partial<ApplyOptions> = {}) => ({
  mode: 'direct' as const,
  actor: TEAM_A,
  now: NOW,
  workDir,
  ...extra,
});

describe('applyRequest, mode direct', () => {
  it('lands exactly the planned files in one commit on top of main, with the trailers', async () => {
    const r = await applyRequest(remote, onboardApp('cart'), direct());

    expect(r).toMatchObject({ outcome: 'committed', branch: 'main', targetBranch: 'main', attempts: 1 });
    expect(r.plan.review).toBe('direct');
    expect(r.plan.baseCommit).toBe(seed);
    expect(r.commit).toBe(await revParse(remote, 'main'));
    expect(await revParse(remote, 'main^')).toBe(seed);
    expect(await changedPaths(remote, 'main')).toEqual(r.plan.changes.map((c) => c.path).sort());
    for (const c of r.plan.changes) expect(await showFile(remote, 'main', c.path)).toBe(c.after);
    expect(await trailersOf(remote, 'main')).toEqual({
      request: [r.plan.requestHash],
      requestedBy: ['user:default/jane'],
    });
    expect(await remotes.git(remote, 'log', '-1', '--format=%s|%an <%ae>|%cn|%cI', 'main')).toBe(
      `${r.plan.title}|Platter <platter@localhost>|Platter|2026-11-27T12:00:00+00:00`,
    );
  });

  it('a re-run is already-applied: no second commit', async () => {
    const first = await applyRequest(remote, onboardApp('cart'), direct());
    const again = await applyRequest(remote, onboardApp('cart'), direct({ now: new Date('2026-11-28T08:00:00Z') }));

    expect(again).toMatchObject({ outcome: 'already-applied', branch: 'main', commit: first.commit, attempts: 1 });
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.requestHash).toBe(first.plan.requestHash);
    expect(await requestHashesOn(remote, 'main')).toEqual([first.plan.requestHash]);
  });

  it('finds an applied request below later commits (history is deepened)', async () => {
    const first = await applyRequest(remote, onboardApp('cart'), direct());
    for (let i = 0; i < 3; i++) await remotes.moveBranch(remote, `other writer ${i}`);
    const again = await applyRequest(remote, onboardApp('cart'), direct());
    expect(again).toMatchObject({ outcome: 'already-applied', commit: first.commit });

    // Outside the searched window the trailer is not seen; the empty re-plan still keeps it to one commit.
    const bounded = await applyRequest(remote, onboardApp('cart'), direct({ historyDepth: 2 }));
    expect(bounded.outcome).toBe('no-changes');
    expect(await requestHashesOn(remote, 'main')).toEqual([first.plan.requestHash]);
  });

  it('a rejected request passes through unchanged and leaves the remote untouched', async () => {
    const before = await refsOf(remote);
    const unknownTenant = await thrown(() =>
      applyRequest(remote, onboardApp('cart', { tenant: 'team-z' }), direct({ actor: PLATFORM })),
    );
    expect(isPlatterError(unknownTenant, 'UnknownTenant')).toBe(true);
    // Malformed input never reaches applyRequest: the edge's parseRequest rejects it before anything is cloned.
    const malformed = await thrown(() =>
      applyRequest(remote, parseRequest({ ...onboardApp('cart'), targets: [] }), direct()),
    );
    expect(isPlatterError(malformed, 'InvalidRequest')).toBe(true);
    expect(await refsOf(remote)).toBe(before);
  });

  it('a tenant may commit its own paths directly, not platform paths; the platform may', async () => {
    const before = await refsOf(remote);
    const refused = await thrown(() => applyRequest(remote, enableMetricsInStaging, direct()));
    expect(isPlatterError(refused, 'Forbidden')).toBe(true);
    expect(refused.message).toContain("mode 'branch'");
    expect(await refsOf(remote)).toBe(before);

    const byPlatform = await applyRequest(remote, enableMetricsInStaging, direct({ actor: PLATFORM }));
    expect(byPlatform).toMatchObject({ outcome: 'committed', branch: 'main' });
    expect(await trailersOf(remote, 'main')).toMatchObject({ requestedBy: ['user:default/ops'] });
  });

  it('expectedBase: a head elsewhere is a Conflict; the right one applies', async () => {
    const before = await refsOf(remote);
    const moved = await thrown(() =>
      applyRequest(remote, onboardApp('cart'), direct({ expectedBase: 'f'.repeat(40) })),
    );
    expect(isPlatterError(moved, 'Conflict')).toBe(true);
    expect(await refsOf(remote)).toBe(before);

    const r = await applyRequest(remote, onboardApp('cart'), direct({ expectedBase: seed.slice(0, 10) }));
    expect(r.outcome).toBe('committed');
  });

  it('a request that is already true of the repository is no-changes', async () => {
    await applyRequest(remote, onboardApp('cart'), direct());
    const before = await refsOf(remote);
    // Same changes, another identity (requestId): the trailer does not match, the re-plan is empty.
    const r = await applyRequest(remote, onboardApp('cart', { requestId: 'task-2' }), direct());
    expect(r).toMatchObject({ outcome: 'no-changes', branch: 'main' });
    expect(r.commit).toBeUndefined();
    expect(await refsOf(remote)).toBe(before);
  });
});

describe('applyRequest, mode branch', () => {
  const branch = 'platter/onboard-app/cart';
  const proposal = (extra: Partial<ApplyOptions> = {}) => direct({ mode: 'branch', ...extra });

  it('pushes platter/<kind>/<subject> on top of main, leaves main alone, and updates it on re-runs', async () => {
    const r1 = await applyRequest(remote, onboardApp('cart'), proposal());
    expect(r1).toMatchObject({ outcome: 'committed', branch, targetBranch: 'main' });
    expect(await revParse(remote, 'main')).toBe(seed);
    expect(await revParse(remote, branch)).toBe(r1.commit);
    expect(await revParse(remote, `${branch}^`)).toBe(seed);
    expect(await changedPaths(remote, branch)).toEqual(r1.plan.changes.map((c) => c.path).sort());

    // Same request, same base: nothing to push.
    const r2 = await applyRequest(remote, onboardApp('cart'), proposal());
    expect(r2).toMatchObject({ outcome: 'already-applied', branch, commit: r1.commit });

    // main moved: the branch is rebuilt on the new head (force-updated).
    const other = await remotes.moveBranch(remote, 'another writer');
    const r3 = await applyRequest(remote, onboardApp('cart'), proposal());
    expect(r3.outcome).toBe('committed');
    expect(await revParse(remote, `${branch}^`)).toBe(other);

    // A newer request about the same subject replaces the proposal.
    const r4 = await applyRequest(remote, onboardApp('cart', { version: '0.2.0' }), proposal());
    expect(r4.outcome).toBe('committed');
    expect(await revParse(remote, branch)).toBe(r4.commit);
    expect(await trailersOf(remote, branch)).toMatchObject({ request: [r4.plan.requestHash] });
    expect(await revParse(remote, 'main')).toBe(other);
  });

  it('a platform-path change by a tenant goes to a branch for review', async () => {
    const r = await applyRequest(remote, enableMetricsInStaging, proposal());
    expect(r).toMatchObject({ outcome: 'committed', branch: 'platter/enable-addon/ingress-nginx-metrics-staging' });
    expect(r.plan.review).toBe('platform-review');
    expect(await revParse(remote, 'main')).toBe(seed);
  });

  it('a request merged into main is already-applied', async () => {
    const merged = await applyRequest(remote, onboardApp('cart'), direct());
    const r = await applyRequest(remote, onboardApp('cart'), proposal());
    expect(r).toMatchObject({ outcome: 'already-applied', branch: 'main', commit: merged.commit });
    expect(await refsOf(remote)).not.toContain(branch);
  });
});

describe('applyRequest when the remote moves between clone and push', () => {
  it('re-plans on the new head and lands on top: linear history', async () => {
    let other: string | undefined;
    const r = await applyRequest(remote, onboardApp('cart'), {
      ...direct(),
      onBeforePush: async ({ attempt }) => {
        if (attempt === 1) other = (await applyRequest(remote, onboardApp('orders'), direct()))!.commit;
      },
    });

    expect(r).toMatchObject({ outcome: 'committed', attempts: 2 });
    expect(r.plan.baseCommit).toBe(other);
    expect(await revParse(remote, 'main^')).toBe(other);
    expect(await revParse(remote, 'main~2')).toBe(seed);
    expect(await merges(remote, 'main')).toEqual([]);
    expect(await changedPaths(remote, 'main')).toEqual(r.plan.changes.map((c) => c.path).sort());
    // Both edits of the shared files survive (the second was planned on the first).
    const binding = await showFile(remote, 'main', 'tenants/team-a/staging/kustomization.yaml');
    expect(binding).toContain('cart');
    expect(binding).toContain('orders');
  });

  it('the same request landing meanwhile makes it already-applied', async () => {
    let other: string | undefined;
    const r = await applyRequest(remote, onboardApp('cart'), {
      ...direct(),
      onBeforePush: async ({ attempt }) => {
        // Another run of the same request (a retried task), at another time: another commit.
        if (attempt === 1)
          other = (await applyRequest(remote, onboardApp('cart'), direct({ now: new Date('2026-11-27T12:00:05Z') })))!
            .commit;
      },
    });
    expect(r).toMatchObject({ outcome: 'already-applied', commit: other, attempts: 2 });
    expect(await subjects(remote, 'main')).toHaveLength(2);
  });

  it('a move that makes the request obsolete is a Conflict carrying the reason, and nothing is pushed', async () => {
    let other: string | undefined;
    const error = await thrown(() =>
      applyRequest(remote, onboardApp('cart'), {
        ...direct(),
        onBeforePush: async ({ attempt }) => {
          // team-b takes the name first.
          if (attempt === 1)
            other = (await applyRequest(
              remote,
              onboardApp('cart', { tenant: 'team-b', targets: [{ env: 'prod-eu' }] }),
              direct({ actor: PLATFORM }),
            ))!.commit;
        },
      }),
    );
    expect(isPlatterError(error, 'Conflict')).toBe(true);
    expect(isPlatterError(error.cause)).toBe(true);
    expect(error.cause.code).not.toBe('Conflict');
    expect(error.message).toContain(error.cause.message);
    expect(await revParse(remote, 'main')).toBe(other);
    expect(await subjects(remote, 'main')).toHaveLength(2);
  });

  it('with an expectedBase, a move is a Conflict instead of a retry', async () => {
    let other: string | undefined;
    const error = await thrown(() =>
      applyRequest(remote, onboardApp('cart'), {
        ...direct({ expectedBase: seed }),
        onBeforePush: async () => {
          other = await remotes.moveBranch(remote, 'another writer');
        },
      }),
    );
    expect(isPlatterError(error, 'Conflict')).toBe(true);
    expect(await revParse(remote, 'main')).toBe(other);
  });

  it('keeps retrying while the remote keeps moving (a deadline, not a small count)', async () => {
    const r = await applyRequest(remote, onboardApp('cart'), {
      ...direct(),
      onBeforePush: async ({ attempt }) => {
        if (attempt <= 4) await remotes.moveBranch(remote, `other writer ${attempt}`);
      },
    });
    expect(r).toMatchObject({ outcome: 'committed', attempts: 5 });
    expect(await subjects(remote, 'main')).toHaveLength(6);
    expect(await merges(remote, 'main')).toEqual([]);
  });

  it('gives up at the deadline with a Conflict, having pushed nothing', async () => {
    const error = await thrown(() =>
      applyRequest(remote, onboardApp('cart'), {
        ...direct({ timeoutMs: 400 }),
        onBeforePush: async ({ attempt }) => {
          await remotes.moveBranch(remote, `other writer ${attempt}`);
        },
      }),
    );
    expect(isPlatterError(error, 'Conflict')).toBe(true);
    expect(error.message).toMatch(/^gave up after \d+ attempts/);
    expect(await requestHashesOn(remote, 'main')).toEqual([]);
  });
});

describe('applyRequest git failures', () => {
  it('are GitFailed, naming what failed', async () => {
    const missing = await thrown(() => applyRequest(`${remote}-nope`, onboardApp('cart'), direct()));
    expect(isPlatterError(missing, 'GitFailed')).toBe(true);
    expect(missing.message).toMatch(/^git clone failed/);

    const noBranch = await thrown(() => applyRequest(remote, onboardApp('cart'), direct({ branch: 'nope' })));
    expect(isPlatterError(noBranch, 'GitFailed')).toBe(true);
    expect(noBranch.message).toContain('nope');
  });

  it('a push refused by the remote (not a race) is GitFailed at once, and nothing is pushed', async () => {
    // A remote that refuses every update (as a protected branch would).
    await writeFile(join(remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "main is protected" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const before = await refsOf(remote);
    const started = Date.now();
    const error = await thrown(() => applyRequest(remote, onboardApp('cart'), direct()));
    expect(isPlatterError(error, 'GitFailed')).toBe(true);
    expect(error.message).toMatch(/^git push failed/);
    expect(error.message).toContain('main is protected');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await refsOf(remote)).toBe(before);
  });
});
