import { readdir } from 'node:fs/promises';
import { exampleRepository, plan, type Plan } from '@platter/render';
import { applyRequest, type ApplyOptions } from './applyRequest';
import { NOW, onboardApp, revParse, showFile, TEAM_A } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * ApplyOptions.planned: the plan the caller already made (the scaffolder's
 * planning step) is committed as it is while the target branch is at its base
 * commit, and never otherwise. A marker line the planner would not write tells
 * which plan was committed.
 */
jest.setTimeout(30_000);

const MARKER = "# from the caller's plan\n";
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
afterEach(async () => expect(await readdir(workDir)).toEqual([]));

const direct = (extra: Partial<ApplyOptions> = {}) => ({
  mode: 'direct' as const,
  actor: TEAM_A,
  now: NOW,
  workDir,
  ...extra,
});

/** The plan of `request` on the seed (the example fleet at `base`), with MARKER appended to its first added file. */
function markedPlan(request: ReturnType<typeof onboardApp>, base: string): { plan: Plan; path: string } {
  const p = plan(exampleRepository(), request, { actor: TEAM_A, now: NOW, baseCommit: base });
  const added = p.changes.find((c) => c.op === 'add')!;
  return {
    plan: { ...p, changes: p.changes.map((c) => (c === added ? { ...c, after: `${c.after}${MARKER}` } : c)) },
    path: added.path,
  };
}

describe("applyRequest with the caller's plan", () => {
  it('commits it as it is when the branch is still at its base commit', async () => {
    const request = onboardApp('cart');
    const { plan: planned, path } = markedPlan(request, await revParse(remote, 'main'));
    const r = await applyRequest(remote, request, direct({ planned }));
    expect(r).toMatchObject({ outcome: 'committed', attempts: 1 });
    expect(r.plan).toBe(planned);
    expect(await showFile(remote, 'main', path)).toContain(MARKER);
  });

  it('plans again on the head when the branch moved since', async () => {
    const request = onboardApp('cart');
    const { plan: planned, path } = markedPlan(request, await revParse(remote, 'main'));
    const head = await remotes.moveBranch(remote, 'someone else');
    const r = await applyRequest(remote, request, direct({ planned }));
    expect(r).toMatchObject({ outcome: 'committed' });
    expect(r.plan.baseCommit).toBe(head);
    expect(await showFile(remote, 'main', path)).not.toContain(MARKER);
  });

  it('plans again when the plan is of another request (another submission)', async () => {
    const { plan: planned, path } = markedPlan(
      onboardApp('cart', { requestId: 'task-other' }),
      await revParse(remote, 'main'),
    );
    const r = await applyRequest(remote, onboardApp('cart'), direct({ planned }));
    expect(r).toMatchObject({ outcome: 'committed' });
    expect(r.plan.requestHash).not.toBe(planned.requestHash);
    expect(await showFile(remote, 'main', path)).not.toContain(MARKER);
  });

  it('still refuses a direct commit of a plan that needs platform review', async () => {
    const request = onboardApp('cart');
    const { plan: planned } = markedPlan(request, await revParse(remote, 'main'));
    await expect(
      applyRequest(remote, request, direct({ planned: { ...planned, review: 'platform-review' } })),
    ).rejects.toMatchObject({ code: 'Forbidden' });
  });
});
