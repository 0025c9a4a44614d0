import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { isPlatterError, type Actor } from '@platter/model';
import { exampleRepository, plan, type Plan } from '@platter/render';
import { applyRequest, type ApplyOptions, type ApplyTestHooks } from './applyRequest';
import { startGitHttpServer } from './testing/gitHttpServer';
import {
  changedPaths,
  CHILD_DIED_CODE,
  merges,
  NOW,
  onboardApp,
  refsOf,
  requestHashesOn,
  revParse,
  showFile,
  TEAM_A,
  thrown,
  trailersOf,
} from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * Fault injection against real git (issue 7): the remote disappears mid-run,
 * the push is rejected by a hook, a write into the clone fails, the process is
 * killed between commit and push, or dies after pushing but before reporting.
 * Faults are injected through applyRequest's @internal test hooks; deaths happen
 * in a child process (testing/applyChild.ts) that kills itself, so nothing of
 * applyRequest's own cleanup runs.
 *
 * Every case ends with the remote either unchanged (the same refs as before) or
 * fully updated (exactly one new commit on main, holding exactly the plan's
 * files, with its Platter-Request trailer), and a retry of the same request
 * completes it exactly once, with linear history.
 */
jest.setTimeout(120_000);

const CHILD = join(__dirname, 'testing', 'applyChild.ts');
const request = onboardApp('cart');
/** The plan of `request` on the seed (exampleRepository() is what TestRemotes commits). */
let expected: Plan;

let remotes: TestRemotes;
let remote: string;
let workDir: string;
let seed: string;
let refsBefore: string;

beforeAll(async () => {
  remotes = await TestRemotes.create();
  expected = plan(exampleRepository(), request, { actor: TEAM_A, now: NOW });
});
afterAll(() => remotes.cleanup());
beforeEach(async () => {
  remote = await remotes.newRemote();
  workDir = await remotes.newDir('work');
  seed = await revParse(remote, 'main');
  refsBefore = await refsOf(remote);
});
afterEach(async () => {
  // In-process runs always remove their clone, whatever failed.
  expect(await readdir(workDir)).toEqual([]);
});

const direct = (extra: Partial<ApplyOptions & ApplyTestHooks> = {}): ApplyOptions & ApplyTestHooks => ({
  mode: 'direct',
  actor: TEAM_A,
  now: NOW,
  workDir,
  ...extra,
});

/** The remote has the same refs as before the run, and its objects are sound. */
async function expectUnchanged(): Promise<void> {
  expect(await refsOf(remote)).toBe(refsBefore);
  await remotes.git(remote, 'fsck', '--no-progress', '--no-dangling');
}

/** main moved by exactly one commit, on top of `base`, holding exactly the plan's files and its trailer; nothing else moved. */
async function expectFullyUpdated(base: string, commit?: string): Promise<string> {
  const head = await revParse(remote, 'main');
  if (commit) expect(head).toBe(commit);
  expect(await revParse(remote, 'main^')).toBe(base);
  expect(await merges(remote, 'main')).toEqual([]);
  expect(await changedPaths(remote, 'main')).toEqual(expected.changes.map((c) => c.path).sort());
  for (const c of expected.changes) expect(await showFile(remote, 'main', c.path)).toBe(c.after);
  expect(await trailersOf(remote, 'main')).toMatchObject({ request: [expected.requestHash] });
  expect(await requestHashesOn(remote, 'main')).toEqual([expected.requestHash]);
  const otherRefs = (refs: string) => refs.split('\n').filter((l) => l && !l.startsWith('refs/heads/main '));
  expect(otherRefs(await refsOf(remote))).toEqual(otherRefs(refsBefore));
  await remotes.git(remote, 'fsck', '--no-progress', '--no-dangling');
  return head;
}

/** A retry after the fault (through `target`, the remote by default) lands the request once; one more is already-applied. */
async function expectRetryCompletesOnce(base: string, target = remote): Promise<string> {
  const retry = await applyRequest(target, request, direct());
  expect(retry).toMatchObject({ outcome: 'committed', attempts: 1 });
  const head = await expectFullyUpdated(base, retry.commit);
  const again = await applyRequest(target, request, direct());
  expect(again).toMatchObject({ outcome: 'already-applied', commit: head });
  expect(await requestHashesOn(remote, 'main')).toEqual([expected.requestHash]);
  return head;
}

function chattr(flag: '+i' | '-i', path: string): void {
  const r = spawnSync('chattr', [flag, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chattr ${flag} ${path}: ${r.error?.message ?? r.stderr}`);
}

/** Whether this machine lets the test make a directory immutable (root, chattr, a file system that has the flag). */
function canMakeImmutable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'platter-chattr-'));
  try {
    chattr('+i', dir);
    chattr('-i', dir);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the remote disappears mid-run', () => {
  it('moved away between commit and push: GitFailed, nothing written; back again, a retry lands once', async () => {
    const away = `${remote}.away`;
    const error = await thrown(() =>
      applyRequest(remote, request, direct({ onBeforePush: () => rename(remote, away) })),
    );
    expect(isPlatterError(error, 'GitFailed')).toBe(true);
    expect(error.message).toMatch(/^git push failed/);
    await rename(away, remote);
    await expectUnchanged();
    await expectRetryCompletesOnce(seed);
  });

  it('deleted while retrying after a race: GitFailed; restored, only the other writer is there, and a retry lands on top', async () => {
    const backup = `${remote}.backup`;
    let other = '';
    const error = await thrown(() =>
      applyRequest(
        remote,
        request,
        direct({
          onBeforePush: async ({ attempt }) => {
            if (attempt === 1) other = await remotes.moveBranch(remote, 'another writer');
            else {
              await remotes.git(dirname(remote), 'clone', '--quiet', '--bare', '--', remote, backup);
              await rm(remote, { recursive: true, force: true });
            }
          },
        }),
      ),
    );
    expect(isPlatterError(error, 'GitFailed')).toBe(true);
    expect(error.message).toMatch(/^git push failed/);
    await rename(backup, remote);
    expect(await revParse(remote, 'main')).toBe(other);
    expect(await requestHashesOn(remote, 'main')).toEqual([]);
    refsBefore = await refsOf(remote);
    await expectRetryCompletesOnce(other);
  });

  it('over smart HTTP, the server goes away before the push: GitFailed; another server, a retry lands once', async () => {
    const first = await startGitHttpServer(dirname(remote));
    const url = (s: { url: () => string }) => `${s.url()}/${basename(remote)}`;
    try {
      const error = await thrown(() =>
        applyRequest(url(first), request, direct({ onBeforePush: () => first.close() })),
      );
      expect(isPlatterError(error, 'GitFailed')).toBe(true);
      expect(error.message).toMatch(/^git push failed/);
    } finally {
      await first.close();
    }
    await expectUnchanged();
    const second = await startGitHttpServer(dirname(remote));
    try {
      await expectRetryCompletesOnce(seed, url(second));
    } finally {
      await second.close();
    }
  });
});

describe('the push is rejected by the remote', () => {
  const hook = async (name: string, script: string) =>
    writeFile(join(remote, 'hooks', name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });

  it('by a pre-receive hook: GitFailed with its message, pushed once, never retried, nothing changed', async () => {
    const log = join(dirname(remote), `${basename(remote)}.pushes`);
    await hook('pre-receive', `echo push >> '${log}'\necho "refs/heads/main is protected" >&2\nexit 1`);
    let pushes = 0;
    const started = Date.now();
    const error = await thrown(() => applyRequest(remote, request, direct({ onBeforePush: () => void pushes++ })));
    expect(isPlatterError(error, 'GitFailed')).toBe(true);
    expect(error.message).toMatch(/^git push failed/);
    expect(error.message).toContain('refs/heads/main is protected');
    expect(pushes).toBe(1);
    expect((await readFile(log, 'utf8')).split('\n').filter(Boolean)).toEqual(['push']);
    expect(Date.now() - started).toBeLessThan(15_000);
    await expectUnchanged();
  });

  it('by a hook that refuses once: GitFailed at once; the caller retries and it lands once', async () => {
    const flag = join(dirname(remote), `${basename(remote)}.refuse-once`);
    await writeFile(flag, '');
    await hook('pre-receive', `if [ -e '${flag}' ]; then rm -f '${flag}'; echo "try again later" >&2; exit 1; fi`);
    const error = await thrown(() => applyRequest(remote, request, direct()));
    expect(isPlatterError(error, 'GitFailed')).toBe(true);
    await expectUnchanged();
    await expectRetryCompletesOnce(seed);
  });

  it('a failing post-receive hook does not undo an accepted push: committed, fully updated, once', async () => {
    await hook('post-receive', 'echo "notification failed" >&2\nexit 1');
    const r = await applyRequest(remote, request, direct());
    expect(r.outcome).toBe('committed');
    await expectFullyUpdated(seed, r.commit);
    expect(await applyRequest(remote, request, direct())).toMatchObject({
      outcome: 'already-applied',
      commit: r.commit,
    });
  });
});

describe('a write into the clone fails', () => {
  const appFile = 'apps/cart/base/kustomization.yaml';
  it.each<[string, (dir: string, outside: string) => Promise<unknown>, string, string]>([
    [
      'a directory where the plan writes a file',
      (dir) => mkdir(join(dir, appFile), { recursive: true }),
      'InvalidRequest',
      appFile,
    ],
    [
      'a file where the plan needs a directory',
      (dir) => writeFile(join(dir, 'apps', 'cart'), 'not a directory'),
      'InvalidRequest',
      'apps/cart/base/kustomization.yaml',
    ],
    [
      'a directory replaced by a symlink out of the clone',
      async (dir, outside) => {
        await rm(join(dir, 'tenants', 'team-a', 'staging'), { recursive: true });
        await symlink(outside, join(dir, 'tenants', 'team-a', 'staging'));
      },
      'PathEscape',
      'tenants/team-a/staging/cart.yaml',
    ],
  ])(
    '%s: a typed error, nothing written anywhere, the remote unchanged; a retry lands once',
    async (_name, sabotage, code, path) => {
      const outside = await remotes.newDir('outside');
      const error = await thrown(() =>
        applyRequest(
          remote,
          request,
          direct({ onBeforeWrite: async ({ dir }) => void (await sabotage(dir, outside)) }),
        ),
      );
      expect(isPlatterError(error, code as never)).toBe(true);
      expect(error.path).toBe(path);
      expect(await readdir(outside)).toEqual([]);
      await expectUnchanged();
      await expectRetryCompletesOnce(seed);
    },
  );

  // A real write failure after the checks passed: an immutable directory (chattr +i; root on ext4 can set it).
  const itWithChattr = canMakeImmutable() ? it : it.skip;
  itWithChattr(
    'an I/O error while writing (EPERM) surfaces as it is, the remote unchanged; a retry lands once',
    async () => {
      const blocked: string[] = [];
      try {
        const error = await thrown(() =>
          applyRequest(
            remote,
            request,
            direct({
              onBeforeWrite: ({ dir }) => {
                blocked.push(join(dir, 'tenants', 'team-a', 'staging'));
                chattr('+i', blocked[0]!);
              },
            }),
          ),
        );
        // The write's own error, not the failed cleanup's, and not dressed up as another type.
        expect(isPlatterError(error)).toBe(false);
        expect(error).toMatchObject({ code: 'EPERM', syscall: 'open' });
      } finally {
        for (const d of blocked) chattr('-i', d);
      }
      // The clone could not be removed while the directory was immutable: that is the test's doing, not applyRequest's.
      for (const leftover of await readdir(workDir))
        await rm(join(workDir, leftover), { recursive: true, force: true });
      await expectUnchanged();
      await expectRetryCompletesOnce(seed);
    },
  );
});

describe("the remote's own commit leads out of the repository", () => {
  // The clone checks out only what the plan's paths meet: a link committed on one of
  // them must still be seen (when planning, from the object store) and refused.
  it.each([
    ['an absolute link', (outside: string) => outside],
    ['a relative link', (outside: string, repo: string) => relative(join(repo, 'tenants', 'team-a'), outside)],
  ])('%s where the plan writes: PathEscape, nothing written outside, the remote unchanged', async (_name, target) => {
    const outside = await remotes.newDir('outside');
    await writeFile(join(outside, 'kustomization.yaml'), 'outside\n');
    const work = await remotes.newDir('writer');
    const repo = join(work, 'repo');
    await remotes.git(work, 'clone', '--quiet', remote, 'repo');
    await rm(join(repo, 'tenants', 'team-a', 'staging'), { recursive: true });
    await symlink(target(outside, repo), join(repo, 'tenants', 'team-a', 'staging'));
    await remotes.git(repo, 'add', '-A');
    await remotes.git(
      repo,
      '-c',
      'user.name=w',
      '-c',
      'user.email=w@localhost',
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      'a link out',
    );
    await remotes.git(repo, 'push', '--quiet', '--no-verify', 'origin', 'HEAD:refs/heads/main');
    refsBefore = await refsOf(remote);

    const error = await thrown(() => applyRequest(remote, request, direct()));
    expect(isPlatterError(error, 'PathEscape')).toBe(true);
    expect(error.path).toMatch(/^tenants\/team-a\/staging\b/);
    expect(error.message).toContain('outside the repository');
    expect(await readdir(outside)).toEqual(['kustomization.yaml']);
    expect(await readFile(join(outside, 'kustomization.yaml'), 'utf8')).toBe('outside\n');
    await expectUnchanged();
  });
});

describe('the process dies', () => {
  /** Runs applyRequest in a child that dies at `die`; resolves with how it ended. */
  function applyInChild(
    die: 'before-push' | 'after-push',
    how: 'SIGKILL' | 'exit',
    options: { mode?: ApplyOptions['mode']; actor?: Actor; workDir: string },
  ) {
    const input = {
      remote,
      request,
      options: {
        mode: options.mode ?? 'direct',
        actor: options.actor ?? TEAM_A,
        now: NOW.toISOString(),
        workDir: options.workDir,
      },
      die,
      how,
    };
    return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), CHILD, JSON.stringify(input)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  }
  const died = (how: 'SIGKILL' | 'exit') => (how === 'SIGKILL' ? { signal: 'SIGKILL' } : { code: CHILD_DIED_CODE });

  it.each(['SIGKILL', 'exit'] as const)(
    'between commit and push (%s): the remote is unchanged; a retry lands once, linear',
    async (how) => {
      const childWork = await remotes.newDir('child-work');
      expect(await applyInChild('before-push', how, { workDir: childWork })).toMatchObject(died(how));
      // It died with its clone in place (no cleanup ran), the commit made but never pushed.
      expect(await readdir(childWork)).toHaveLength(1);
      await expectUnchanged();
      await expectRetryCompletesOnce(seed);
    },
  );

  it("a clone a killed run left behind is removed by the next run in that directory; a live run's clone is not (issue 22 item 9)", async () => {
    const childWork = await remotes.newDir('child-work');
    const live = await mkdtemp(join(childWork, 'platter-apply-'));
    await writeFile(join(live, 'platter-owner.json'), JSON.stringify({ pid: process.pid, host: hostname() }));
    expect(await applyInChild('before-push', 'SIGKILL', { workDir: childWork })).toMatchObject(died('SIGKILL'));
    expect(await readdir(childWork)).toHaveLength(2);
    expect((await applyRequest(remote, request, direct({ workDir: childWork }))).outcome).toBe('committed');
    expect(await readdir(childWork)).toEqual([basename(live)]);
  });

  it('between commit and push, while another writer pushes: the retry lands on top of it, linear', async () => {
    const childWork = await remotes.newDir('child-work');
    expect(await applyInChild('before-push', 'SIGKILL', { workDir: childWork })).toMatchObject(died('SIGKILL'));
    await expectUnchanged();
    const other = await remotes.moveBranch(remote, 'another writer');
    refsBefore = await refsOf(remote);
    await expectRetryCompletesOnce(other);
    expect(await revParse(remote, 'main~2')).toBe(seed);
  });

  it.each(['SIGKILL', 'exit'] as const)(
    'after a push, before reporting (%s): the remote is fully updated; the retry finds the trailer, no second commit',
    async (how) => {
      const childWork = await remotes.newDir('child-work');
      expect(await applyInChild('after-push', how, { workDir: childWork })).toMatchObject(died(how));
      const pushed = await expectFullyUpdated(seed);
      const retry = await applyRequest(remote, request, direct());
      expect(retry).toMatchObject({ outcome: 'already-applied', commit: pushed, attempts: 1 });
      expect(retry.plan.changes).toEqual([]);
      await expectFullyUpdated(seed, pushed);
    },
  );

  it('after a push, before reporting, with later commits on top: the trailer is still found', async () => {
    const childWork = await remotes.newDir('child-work');
    expect(await applyInChild('after-push', 'SIGKILL', { workDir: childWork })).toMatchObject(died('SIGKILL'));
    const pushed = await revParse(remote, 'main');
    for (let i = 0; i < 40; i++) await remotes.moveBranch(remote, `later writer ${i}`);
    const retry = await applyRequest(remote, request, direct());
    expect(retry).toMatchObject({ outcome: 'already-applied', commit: pushed });
    expect(await requestHashesOn(remote, 'main')).toEqual([expected.requestHash]);
  });

  it('after pushing a proposal branch, before reporting: the retry finds it, main untouched', async () => {
    const childWork = await remotes.newDir('child-work');
    const branch = 'platter/onboard-app/cart';
    expect(await applyInChild('after-push', 'SIGKILL', { mode: 'branch', workDir: childWork })).toMatchObject(
      died('SIGKILL'),
    );
    const proposal = await revParse(remote, branch);
    expect(await revParse(remote, `${branch}^`)).toBe(seed);
    expect(await changedPaths(remote, branch)).toEqual(expected.changes.map((c) => c.path).sort());
    const retry = await applyRequest(remote, request, direct({ mode: 'branch' }));
    expect(retry).toMatchObject({ outcome: 'already-applied', branch, commit: proposal });
    expect(await revParse(remote, 'main')).toBe(seed);
    expect(await revParse(remote, branch)).toBe(proposal);
  });
});
