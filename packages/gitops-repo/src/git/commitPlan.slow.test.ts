import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlatterError, type ChangeRequest } from '@platter/model';
import { plan } from '@platter/render';
import { DiskFileTree, writeChanges } from '../fileTree';
import { commitPlan, findAppliedRequest } from './commitPlan';
import { changedPaths, NOW, onboardApp, revParse, TEAM_A, thrown, trailersOf } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/** commitPlan and findAppliedRequest in a local checkout (the CLI's `--commit`), with real git. */
jest.setTimeout(30_000);

let remotes: TestRemotes;
let checkout: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());
beforeEach(async () => {
  const dir = await remotes.newDir('checkout');
  await remotes.git(dir, 'clone', '--quiet', await remotes.newRemote(), 'repo');
  checkout = join(dir, 'repo');
  await remotes.git(checkout, 'config', 'user.name', 'Jane Doe');
  await remotes.git(checkout, 'config', 'user.email', 'jane@example.test');
});

const planHere = async (request: ChangeRequest) =>
  plan(new DiskFileTree(checkout), request, { actor: TEAM_A, now: NOW, baseCommit: await revParse(checkout, 'HEAD') });

it('commits exactly the plan, with the trailers, and leaves other staged work alone', async () => {
  const p = await planHere(onboardApp('cart'));
  await writeChanges(checkout, p.changes);
  await writeFile(join(checkout, 'notes.txt'), 'my own work\n');
  await remotes.git(checkout, 'add', 'notes.txt');

  const r = await commitPlan(checkout, p, { actor: TEAM_A, now: NOW });

  expect(r).toEqual({ outcome: 'committed', commit: await revParse(checkout, 'HEAD') });
  expect(await changedPaths(checkout, 'HEAD')).toEqual(p.changes.map((c) => c.path).sort());
  expect(await trailersOf(checkout, 'HEAD')).toEqual({ request: [p.requestHash], requestedBy: ['user:default/jane'] });
  expect(await remotes.git(checkout, 'log', '-1', '--format=%an|%cn|%s')).toBe(`Platter|Jane Doe|${p.title}`);
  expect(await remotes.git(checkout, 'diff', '--cached', '--name-only')).toBe('notes.txt');
  expect(await remotes.git(checkout, 'status', '--porcelain')).toBe('A  notes.txt');

  expect(await findAppliedRequest(checkout, p.requestHash)).toBe(r.commit);
  expect(await findAppliedRequest(checkout, '0123456789abcdef')).toBeUndefined();
  // Within the newest commit only: found; once it is two commits down, not.
  expect(await findAppliedRequest(checkout, p.requestHash, { maxCount: 1 })).toBe(r.commit);
  await remotes.git(checkout, 'commit', '--quiet', '-m', 'my own work');
  expect(await findAppliedRequest(checkout, p.requestHash, { maxCount: 1 })).toBeUndefined();
  expect(await findAppliedRequest(checkout, p.requestHash, { ref: 'HEAD~1' })).toBe(r.commit);
});

it('is no-changes for an empty plan or one HEAD already holds', async () => {
  const p = await planHere(onboardApp('cart'));
  await writeChanges(checkout, p.changes);
  const first = await commitPlan(checkout, p, { actor: TEAM_A });
  expect(first.outcome).toBe('committed');

  expect(await commitPlan(checkout, { ...p, baseCommit: undefined }, { actor: TEAM_A })).toEqual({
    outcome: 'no-changes',
  });
  const empty = await planHere(onboardApp('cart'));
  expect(empty.changes).toEqual([]);
  expect(await commitPlan(checkout, empty, { actor: TEAM_A })).toEqual({ outcome: 'no-changes' });
  expect(await revParse(checkout, 'HEAD')).toBe(first.commit);
});

it.each([
  ['a planned file edited after writing', async (path: string) => writeFile(join(checkout, path), 'edited\n')],
  [
    'HEAD moved since planning',
    async () => void (await remotes.git(checkout, 'commit', '--quiet', '--allow-empty', '-m', 'moved')),
  ],
])('%s is a Conflict, and nothing is committed', async (_name, disturb) => {
  const p = await planHere(onboardApp('cart'));
  await writeChanges(checkout, p.changes);
  await disturb(p.changes[0]!.path);
  const head = await revParse(checkout, 'HEAD');

  const error = await thrown(() => commitPlan(checkout, p, { actor: TEAM_A }));

  expect(isPlatterError(error, 'Conflict')).toBe(true);
  expect(await revParse(checkout, 'HEAD')).toBe(head);
});
