import { execFileSync } from 'node:child_process';
import { cli, copyFluxFixture, DEMO_RECIPIENT, readFiles, removeTempDirs, tempDir } from '../internal/testCli';

// `platter adopt --push --branch` against a real git remote (a bare repository on
// disk; slow: clones and pushes): the migration lands on origin's platter/adopt for
// review, the checkout is left alone, and a second run pushes nothing.
jest.setTimeout(120_000);
afterAll(removeTempDirs);

const ID = ['-c', 'user.name=t', '-c', 'user.email=t@example.test'];
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

describe('platter adopt --push --branch', () => {
  it('pushes the migration to platter/adopt; the second run finds it adopted', async () => {
    const remote = tempDir('platter-adopt-remote-');
    git(remote, 'init', '--quiet', '--bare', '--initial-branch=main');
    const dir = copyFluxFixture('profiles-layout', 'platter-adopt-checkout-');
    git(dir, 'init', '--quiet', '--initial-branch=main');
    git(dir, ...ID, 'add', '-A');
    git(dir, ...ID, 'commit', '--quiet', '-m', 'flux repository');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '--quiet', 'origin', 'main');
    const before = readFiles(dir);

    const r = await cli(['adopt', dir, '--push', '--branch', '--age-recipient', `lab=${DEMO_RECIPIENT}`]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/file changes: pushed platter\/adopt \([0-9a-f]{12}\)/);
    expect(readFiles(dir)).toEqual(before); // the checkout is not touched
    expect(git(remote, 'log', '-1', '--format=%s', 'platter/adopt')).toMatch(
      /^Adopt the Flux repository: 1 environment/,
    );
    expect(git(remote, 'show', 'platter/adopt:platter.yaml')).toContain('- name: lab');
    expect(git(remote, 'show', 'platter/adopt:envs/lab/secrets/cluster-secrets.yaml.encrypted')).toContain(
      'ENC[AES256_GCM,',
    );
    expect(git(remote, 'rev-parse', 'main')).toBe(git(dir, 'rev-parse', 'HEAD')); // main is for the review to merge

    const head = git(remote, 'rev-parse', 'platter/adopt');
    const again = await cli(['adopt', dir, '--push', '--branch', '--json']);
    expect(again.json()).toMatchObject({ alreadyPlatter: true, result: 'no-changes' });
    expect(git(remote, 'rev-parse', 'platter/adopt')).toBe(head);
  });

  it('--push without --branch is a usage error: adoption is proposed for review', async () => {
    const r = await cli(['adopt', tempDir(), '--push']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--push needs --branch/);
  });
});
