import { parseRequest } from '@platter/model';
import { applyRequest } from './applyRequest';
import { NOW, onboardApp, PLATFORM, TEAM_A, thrown } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * Issue 17 goal 5: in mode direct nothing shows the rendered diff, so
 * applyRequest builds it only where it decides the review path (a tenant's
 * change that would otherwise land directly); in mode branch the pull
 * request's body shows it. The outcome is the same either way: a tenant's
 * danger finding still refuses a direct commit.
 */
jest.setTimeout(30_000);

let remotes: TestRemotes;
beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());

const rollbackMajor = parseRequest({ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '0.9.0' });

describe('applyRequest and the rendered diff', () => {
  it.each([
    ['direct, platform: not built', 'direct', PLATFORM, undefined, false],
    ['direct, tenant: built (it decides the review path)', 'direct', TEAM_A, undefined, true],
    ['branch, platform: built (the pull request shows it)', 'branch', PLATFORM, undefined, true],
    ['direct, platform, asked for: built', 'direct', PLATFORM, 'always', true],
  ] as const)('%s', async (_name, mode, actor, renderedDiff, built) => {
    const remote = await remotes.newRemote();
    const r = await applyRequest(remote, onboardApp('cart'), {
      mode,
      actor,
      now: NOW,
      workDir: await remotes.newDir('work'),
      ...(renderedDiff ? { renderedDiff } : {}),
    });
    expect(r.outcome).toBe('committed');
    expect(r.plan.renderedDiff !== undefined).toBe(built);
  });

  it("a tenant's danger finding still refuses the direct commit (the review path is unchanged)", async () => {
    const remote = await remotes.newRemote();
    const work = await remotes.newDir('w');
    const e = await thrown(() =>
      applyRequest(remote, rollbackMajor, {
        mode: 'direct',
        actor: TEAM_A,
        now: NOW,
        workDir: work,
      }),
    );
    expect(e).toMatchObject({ code: 'Forbidden' });
    // The platform team's own is committed directly, as before.
    const r = await applyRequest(remote, rollbackMajor, {
      mode: 'direct',
      actor: PLATFORM,
      now: NOW,
      workDir: await remotes.newDir('w2'),
    });
    expect(r.outcome).toBe('committed');
  });
});
