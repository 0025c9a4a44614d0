import { readdir } from 'node:fs/promises';
import { isPlatterError, parseRequest, type Actor, type ChangeRequest } from '@platter/model';
import { exampleRepository, PlanBase } from '@platter/render';
import { applyRequest, type ApplyOptions, type ApplyResult } from './applyRequest';
import { GitTreeFileTree } from './GitTreeFileTree';
import { RequestQueue } from './RequestQueue';
import { NOW, onboardApp, PLATFORM, refsOf, revParse, showFile, TEAM_A, trailersOf } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * ApplyOptions.base (issue 17 goal 5): the target branch's commit already
 * parsed (a backend's mirror) is planned on while the branch is at it, the
 * clone read for its listing only. The outcome is the one planning the clone
 * gives: the same plan, the same committed tree, the same trailers, the same
 * refusal (nothing pushed); a base of another commit is never used.
 */
jest.setTimeout(60_000);

let remotes: TestRemotes;
let workDir: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());
beforeEach(async () => {
  workDir = await remotes.newDir('work');
});
afterEach(async () => expect(await readdir(workDir)).toEqual([]));

const options = (actor: Actor, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  mode: 'direct',
  actor,
  now: NOW,
  workDir,
  ...extra,
});

/** The result, or the refusal's code and path. */
async function outcome(fn: () => Promise<ApplyResult>): Promise<ApplyResult | { refused: string; path?: string }> {
  try {
    return await fn();
  } catch (e) {
    if (!isPlatterError(e)) throw e;
    return { refused: e.code, ...(e.path ? { path: e.path } : {}) };
  }
}

const CASES: [string, ChangeRequest, Actor, Partial<ApplyOptions>, string][] = [
  ["a tenant's OnboardApp into a stage", onboardApp('cart'), TEAM_A, {}, 'committed'],
  [
    'SetConfig of a stage (platform)',
    parseRequest({ kind: 'SetConfig', requestId: 'task-config', stage: 'prod', set: { domain: 'example.org' } }),
    PLATFORM,
    {},
    'committed',
  ],
  [
    'EnableAddon on a stage, on a review branch',
    parseRequest({
      kind: 'EnableAddon',
      requestId: 'task-addon',
      service: 'ingress-nginx',
      addon: 'metrics',
      stage: 'staging',
    }),
    PLATFORM,
    { mode: 'branch' },
    'committed',
  ],
  [
    'refused: a finding the change introduces (DuplicateResourceId)',
    parseRequest({
      kind: 'PromoteApp',
      requestId: 'task-dup',
      app: 'shop',
      to: [{ env: 'prod-eu' }],
      version: '1.2.0',
    }),
    PLATFORM,
    {},
    'DuplicateResourceId',
  ],
  [
    'refused: Forbidden in mode direct (needs platform review)',
    parseRequest({
      kind: 'PromoteApp',
      requestId: 'task-forbidden',
      app: 'billing',
      to: [{ stage: 'prod' }],
      version: '1.3.0',
    }),
    TEAM_A,
    {},
    'Forbidden',
  ],
  [
    'an empty plan (already true)',
    parseRequest({ kind: 'Rollback', requestId: 'task-rb', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' }),
    TEAM_A,
    {},
    'no-changes',
  ],
];

describe('applyRequest with the commit parsed (ApplyOptions.base)', () => {
  it.each(CASES)(
    '%s: the same outcome and commit as planning the clone',
    async (_n, request, actor, extra, expected) => {
      const withBase = await remotes.newRemote('with-base');
      const without = await remotes.newRemote('without');
      const base = PlanBase.of(exampleRepository(), { commit: await revParse(withBase, 'main') });
      const before = await refsOf(withBase);
      const warm = await outcome(() => applyRequest(withBase, request, options(actor, { ...extra, base })));
      const cold = await outcome(() => applyRequest(without, request, options(actor, extra)));
      if ('refused' in cold) {
        expect(warm).toEqual(cold);
        expect(cold.refused).toBe(expected);
        expect(await refsOf(withBase)).toBe(before); // nothing pushed
        return;
      }
      expect(warm).toMatchObject({ outcome: expected });
      const w = warm as ApplyResult;
      // The same plan apart from the commit it was made on (the two remotes' seeds are separate commits).
      expect({ ...w.plan, baseCommit: undefined }).toEqual({ ...cold.plan, baseCommit: undefined });
      expect(w.outcome).toBe(cold.outcome);
      if (w.commit && cold.commit) {
        expect(await revParse(withBase, `${w.commit}^{tree}`)).toBe(await revParse(without, `${cold.commit}^{tree}`));
        expect((await trailersOf(withBase, w.commit)).request).toEqual(
          (await trailersOf(without, cold.commit)).request,
        );
      }
    },
  );

  it('plans on the base while the branch is at its commit (the clone is not read for planning)', async () => {
    const remote = await remotes.newRemote();
    // A base whose files say something the commit does not: what lands shows which tree was planned on.
    const marked = exampleRepository().clone();
    const path = 'tenants/team-a/staging/kustomization.yaml';
    marked.write(path, `# marked\n${marked.read(path)}`);
    const base = PlanBase.of(marked, { commit: await revParse(remote, 'main') });
    const r = await applyRequest(remote, onboardApp('cart'), options(TEAM_A, { base }));
    expect(r).toMatchObject({ outcome: 'committed', attempts: 1 });
    expect(await showFile(remote, 'main', path)).toContain('# marked');
  });

  it('plans on the clone once the branch moved away from the base commit', async () => {
    const remote = await remotes.newRemote();
    const marked = exampleRepository().clone();
    const path = 'tenants/team-a/staging/kustomization.yaml';
    marked.write(path, `# marked\n${marked.read(path)}`);
    const base = PlanBase.of(marked, { commit: await revParse(remote, 'main') });
    const head = await remotes.moveBranch(remote, 'someone else');
    const r = await applyRequest(remote, onboardApp('cart'), options(TEAM_A, { base }));
    expect(r).toMatchObject({ outcome: 'committed' });
    expect(r.plan.baseCommit).toBe(head);
    expect(await showFile(remote, 'main', path)).not.toContain('# marked');
  });
});

describe('RequestQueue with the commit parsed (ApplyOptions.base)', () => {
  it('lands a round the same as without: the first request planned on the base, the next on its commit', async () => {
    const withBase = await remotes.newRemote('with-base');
    const without = await remotes.newRemote('without');
    const base = PlanBase.of(exampleRepository(), { commit: await revParse(withBase, 'main') });
    const land = (remote: string, extra: Partial<ApplyOptions>) => {
      const queue = new RequestQueue();
      return Promise.all(
        [onboardApp('cart'), onboardApp('pay')].map((r) => queue.apply(remote, r, options(TEAM_A, extra))),
      );
    };
    const warm = await land(withBase, { base });
    const cold = await land(without, {});
    expect(warm.map((r) => r.outcome)).toEqual(['committed', 'committed']);
    expect(warm.map((r) => r.plan.changes)).toEqual(cold.map((r) => r.plan.changes));
    expect(await revParse(withBase, 'main^{tree}')).toBe(await revParse(without, 'main^{tree}'));
  });
});

describe('GitTreeFileTree without contents', () => {
  it('lists and answers entriesOnPaths like the full tree, and refuses to read a file', async () => {
    const remote = await remotes.newRemote();
    const full = await GitTreeFileTree.load(remote, 'main');
    const listing = await GitTreeFileTree.load(remote, 'main', { contents: false });
    expect(listing.list('')).toEqual(full.list(''));
    expect(listing.dirs('envs')).toEqual(full.dirs('envs'));
    const paths = ['apps/cart/base/kustomization.yaml', 'tenants/team-a/staging/kustomization.yaml', 'envs/prod-eu'];
    expect(listing.entriesOnPaths(paths)).toEqual(full.entriesOnPaths(paths));
    expect(() => listing.read('platter.yaml')).toThrow(/not read/);
  });
});
