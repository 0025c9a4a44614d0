import { applyRequest } from './applyRequest';
import { merges, NOW, onboardApp, requestHashesOn, revParse, showFile, TEAM_A } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * Eight writers at once on one bare remote: each onboards its own team-a app
 * into staging, and all of them edit the same shared files (CODEOWNERS, the
 * tenant's staging kustomization), so most pushes are rejected at least once
 * and must re-plan on what landed meanwhile.
 */
jest.setTimeout(120_000);

let remotes: TestRemotes;
beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());

it('eight concurrent applies all land exactly once, in a linear history', async () => {
  const remote = await remotes.newRemote();
  const seed = await revParse(remote, 'main');
  const names = Array.from({ length: 8 }, (_, i) => `app-${i + 1}`);

  const results = await Promise.all(
    names.map((name) => applyRequest(remote, onboardApp(name), { mode: 'direct', actor: TEAM_A, now: NOW })),
  );

  expect(results.map((r) => r.outcome)).toEqual(names.map(() => 'committed'));
  const landed = await requestHashesOn(remote, 'main');
  expect([...landed].sort()).toEqual(results.map((r) => r.plan.requestHash).sort());
  expect(await merges(remote, 'main')).toEqual([]);
  expect(await remotes.git(remote, 'rev-list', '--count', `${seed}..main`)).toBe('8');
  // Each commit sits on the one before (the plan's base), and every app is wired in.
  for (const r of results) expect(await revParse(remote, `${r.commit}^`)).toBe(r.plan.baseCommit);
  const binding = await showFile(remote, 'main', 'tenants/team-a/staging/kustomization.yaml');
  for (const name of names) expect(binding).toContain(`${name}.yaml`);
  // Contention really happened (and was resolved by re-planning, not by luck).
  expect(results.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThan(8);
});
