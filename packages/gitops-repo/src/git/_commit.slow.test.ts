import { join } from 'node:path';
import { isPlatterError, type FileChange } from '@platter/model';
import { writeChanges } from '../fileTree';
import { commitPlanPaths, type GitContext } from './_commit';
import { checkoutPlanPaths } from './applyRequest';
import type { CommittablePlan } from './commitMessage';
import { GitTreeFileTree } from './GitTreeFileTree';
import { NOW, PLATFORM, revParse, TEAM_A } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * The clone's plumbing commit (CommitPlanInput.exactIndexOn: write-tree,
 * commit-tree, update-ref) is the very commit `git commit --only` makes from
 * the same index: the same id, for every shape of plan and message. Real git.
 */
jest.setTimeout(60_000);

let remotes: TestRemotes;
let remote: string;
let head: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
  remote = await remotes.newRemote();
  head = (await remotes.git(remote, 'rev-parse', 'refs/heads/main')).trim();
});
afterAll(() => remotes.cleanup());

/** A no-checkout clone of the remote, as applyRequest makes it. */
async function cloneAt(name: string): Promise<GitContext> {
  const dir = await remotes.newDir(name);
  await remotes.git(dir, 'clone', '--quiet', '--no-checkout', '--depth=1', remote, 'repo');
  return { cwd: join(dir, 'repo') };
}

/** Stages the plan as applyRequest does: the head's tree read into the index, the plan's paths checked out and written. */
async function stage(ctx: GitContext, plan: CommittablePlan): Promise<void> {
  const tree = await GitTreeFileTree.load(ctx.cwd, head, { contents: false });
  await checkoutPlanPaths(ctx, tree, head, { changes: plan.changes } as Parameters<typeof checkoutPlanPaths>[3]);
  await writeChanges(ctx.cwd, plan.changes);
}

/** The plan committed in two clones, by `git commit --only` and by plumbing: the two commit ids. */
async function commitBothWays(
  plan: CommittablePlan,
  actor = PLATFORM,
): Promise<[string | undefined, string | undefined]> {
  const ids: (string | undefined)[] = [];
  for (const exact of [false, true]) {
    const ctx = await cloneAt(exact ? 'plumbing' : 'porcelain');
    await stage(ctx, plan);
    ids.push(
      await commitPlanPaths(ctx, plan, {
        actor,
        now: NOW,
        verify: false,
        ...(exact ? { exactIndexOn: head } : {}),
      }),
    );
    if (ids.at(-1)) expect(await revParse(ctx.cwd, 'HEAD')).toBe(ids.at(-1));
  }
  return ids as [string | undefined, string | undefined];
}

const plan = (title: string, changes: FileChange[], extra: Partial<CommittablePlan> = {}): CommittablePlan => ({
  title,
  requestHash: 'f'.repeat(64),
  changes,
  affected: { environments: ['dev-eu'], stages: ['dev'] },
  review: 'direct',
  baseCommit: head,
  ...extra,
});

const add = (path: string, after = 'a: 1\n'): FileChange => ({ op: 'add', path, after });
const modify = (path: string, after: string): FileChange => ({ op: 'modify', path, after });
const del = (path: string): FileChange => ({ op: 'delete', path });

it.each<[string, () => CommittablePlan]>([
  ['one new file in a new directory', () => plan('Add a note', [add('notes/deep/a.yaml')])],
  ['a modified file', () => plan('Change settings', [modify('platter.yaml', '# changed\n')])],
  ['a deleted file', () => plan('Remove CODEOWNERS', [del('CODEOWNERS')])],
  [
    'adds, modifies and deletes at once, more files than the message lists',
    () =>
      plan('Many files', [
        ...Array.from({ length: 30 }, (_, i) => add(`many/f-${String(i).padStart(2, '0')}.yaml`)),
        modify('platter.yaml', 'x: 2\n'),
        del('CODEOWNERS'),
      ]),
  ],
  ['a title with newlines and padding', () => plan('  Line one\n\nline two  \r\n', [add('t/a.yaml')])],
  ['an empty title', () => plan('', [add('t/b.yaml')])],
  [
    'no affected environments or stages',
    () =>
      plan('Nothing affected', [add('t/c.yaml')], {
        affected: { environments: [], stages: [] },
      }),
  ],
  [
    'a file a .gitignore would hide',
    () => plan('Ignored path', [add('.gitignore', 'ignored/\n'), add('ignored/x.yaml')]),
  ],
])('%s: the plumbing commit is the one git commit --only makes', async (_, make) => {
  const p = make();
  const [porcelain, plumbing] = await commitBothWays(p);
  expect(porcelain).toMatch(/^[0-9a-f]{40}$/);
  expect(plumbing).toBe(porcelain);
});

it('a tenant actor: same commit, trailers included', async () => {
  const [porcelain, plumbing] = await commitBothWays(plan('Onboard cart', [add('apps/cart/x.yaml')]), TEAM_A);
  expect(plumbing).toBe(porcelain);
});

it('is no commit when the paths already hold what HEAD has, either way', async () => {
  const ctx = await cloneAt('unchanged');
  const current = (await remotes.git(remote, 'show', `${head}:platter.yaml`)).toString();
  expect(await commitBothWays(plan('Same', [modify('platter.yaml', `${current}\n`)]))).toEqual([undefined, undefined]);
  expect(await revParse(ctx.cwd, 'HEAD')).toBe(head);
});

it('refuses to move HEAD when it is not at the commit the index was read from', async () => {
  const ctx = await cloneAt('moved');
  const p = plan('Moved', [add('m/a.yaml')]);
  await stage(ctx, p);
  const elsewhere = (await remotes.git(ctx.cwd, 'commit-tree', `${head}^{tree}`, '-p', head, '-m', 'elsewhere')).trim();
  await remotes.git(ctx.cwd, 'update-ref', 'HEAD', elsewhere);
  const e = await commitPlanPaths(ctx, p, { actor: PLATFORM, now: NOW, verify: false, exactIndexOn: head }).catch(
    (x: unknown) => x,
  );
  expect(isPlatterError(e, 'GitFailed')).toBe(true);
  expect(await revParse(ctx.cwd, 'HEAD')).toBe(elsewhere);
});

it('runs no hooks, so it is never asked to verify', async () => {
  const ctx = await cloneAt('verify');
  await expect(
    commitPlanPaths(ctx, plan('x', [add('v/a.yaml')]), { actor: PLATFORM, verify: true, exactIndexOn: head }),
  ).rejects.toThrow(/verify: false/);
});
