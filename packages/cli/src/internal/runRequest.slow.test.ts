import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { cli, exampleFleet, removeTempDirs, tempDir } from './testCli';

// --commit and --push against real git repositories (a bare remote in a temp
// dir and a clone of it): what lands in git, and what the checkout looks like after.
jest.setTimeout(120_000);
afterAll(removeTempDirs);

const IDENTITY = [
  '-c',
  'user.name=Test',
  '-c',
  'user.email=test@example.org',
  '-c',
  'init.defaultBranch=main',
  '-c',
  'commit.gpgsign=false',
];
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', [...IDENTITY, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The example fleet committed in a new repository. */
async function gitFleet(): Promise<string> {
  const dir = await exampleFleet();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.org');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'example fleet');
  return dir;
}

/** A bare remote holding the example fleet, and a clone of it (origin = the remote). */
async function remoteAndClone(): Promise<{ remote: string; clone: string }> {
  const seed = await gitFleet();
  const remote = path.join(tempDir(), 'fleet.git');
  git(path.dirname(remote), 'clone', '-q', '--bare', seed, remote);
  const clone = path.join(tempDir(), 'checkout');
  git(path.dirname(clone), 'clone', '-q', remote, clone);
  git(clone, 'config', 'user.name', 'Test');
  git(clone, 'config', 'user.email', 'test@example.org');
  return { remote, clone };
}

const cart = [
  'app',
  'add',
  'cart',
  '--tenant',
  'team-a',
  '--chart',
  'oci://ghcr.io/example-org/charts/cart',
  '--stage',
  'staging',
  '--version',
  '0.1.0',
];
const metrics = ['addon', 'enable', 'ingress-nginx', 'metrics', '--stage', 'staging'];

describe('--commit', () => {
  it('writes and commits exactly the planned files, with the request trailers', async () => {
    const dir = await gitFleet();
    const r = await cli([...cart, dir, '--commit', '--as', 'team-a']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/committed [0-9a-f]{12}/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    const message = git(dir, 'log', '-1', '--format=%B');
    expect(message).toMatch(/^Onboard app cart/);
    expect(message).toMatch(/^Platter-Request: \S+$/m);
    expect(message).toMatch(/^Requested-By: tenant:team-a$/m);
    expect(git(dir, 'rev-list', '--count', 'HEAD')).toBe('2');
  });

  it('--json says what was committed', async () => {
    const dir = await gitFleet();
    const r = await cli([...metrics, dir, '--commit', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().result).toEqual({ outcome: 'committed', commit: git(dir, 'rev-parse', 'HEAD') });
    expect(r.json().baseCommit).toBe(git(dir, 'rev-parse', 'HEAD~1'));
  });
});

describe('--push', () => {
  it('direct: commits on origin and fast-forwards a clean checkout', async () => {
    const { remote, clone } = await remoteAndClone();
    const r = await cli([...metrics, clone, '--push']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('pushed');
    expect(r.out).toContain('fast-forwarded');
    expect(git(remote, 'log', '-1', '--format=%s', 'main')).toBe(
      'Enable ingress-nginx addon metrics for stage staging',
    );
    expect(git(clone, 'rev-parse', 'HEAD')).toBe(git(remote, 'rev-parse', 'main'));
    expect(git(clone, 'status', '--porcelain')).toBe('');

    // Re-running finds the request on origin: nothing is committed twice.
    const again = await cli([...metrics, clone, '--push', '--json']);
    expect(again.code).toBe(0);
    expect(['already-applied', 'no-changes']).toContain(again.json().result.outcome);
    expect(git(remote, 'rev-list', '--count', 'main')).toBe('2');
  });

  it('leaves a checkout with local changes alone and says how to update it', async () => {
    const { remote, clone } = await remoteAndClone();
    execFileSync('sh', ['-c', 'echo "# local note" >> README.local'], { cwd: clone });
    const r = await cli([...metrics, clone, '--push']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('git pull --ff-only');
    expect(git(clone, 'rev-parse', 'HEAD')).not.toBe(git(remote, 'rev-parse', 'main'));
  });

  it('--branch: pushes a review branch and leaves the target branch alone', async () => {
    const { remote, clone } = await remoteAndClone();
    const main = git(remote, 'rev-parse', 'main');
    const r = await cli([...metrics, clone, '--push', '--branch', '--as', 'team-a', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = r.json().result;
    expect(result).toEqual(expect.objectContaining({ outcome: 'pushed', mode: 'branch' }));
    expect(result.branch).toMatch(/^platter\//);
    expect(git(remote, 'rev-parse', 'main')).toBe(main);
    expect(git(remote, 'log', '-1', '--format=%s', result.branch)).toBe(
      'Enable ingress-nginx addon metrics for stage staging',
    );
  });

  it('direct: a tenant change that needs platform review is Forbidden, origin untouched', async () => {
    const { remote, clone } = await remoteAndClone();
    const main = git(remote, 'rev-parse', 'main');
    const r = await cli([...metrics, clone, '--push', '--as', 'team-a']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Forbidden /m);
    expect(r.err).toContain('--push --branch');
    expect(git(remote, 'rev-parse', 'main')).toBe(main);
    expect(git(clone, 'status', '--porcelain')).toBe('');
  });

  it('without an origin it is a usage error', async () => {
    const dir = await gitFleet();
    const r = await cli([...metrics, dir, '--push']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no git remote "origin"');
  });
});
