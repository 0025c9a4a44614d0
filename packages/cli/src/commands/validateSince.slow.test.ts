import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, exampleFleet, removeTempDirs } from '../internal/testCli';

// `platter validate --since <rev>` (issue 17): the work tree against a commit, real git. What the change
// reaches is checked (the findings of a full validation there), the output says how many envs of how many,
// exit codes as `platter validate`.
jest.setTimeout(120_000);
afterAll(removeTempDirs);

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  }).toString();

async function committedFleet(): Promise<string> {
  const dir = await exampleFleet();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '--no-verify', '--no-gpg-sign', '-m', 'fleet');
  return dir;
}

const edit = (dir: string, file: string, f: (text: string) => string) =>
  fs.writeFileSync(path.join(dir, file), f(fs.readFileSync(path.join(dir, file), 'utf8')));

describe('platter validate --since', () => {
  it('nothing changed: valid, no env checked', async () => {
    const dir = await committedFleet();
    const r = await cli(['validate', dir, '--since', 'HEAD', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().since).toEqual({ rev: 'HEAD', changedFiles: 0, environments: { checked: 0, total: 3 } });
  });

  it.each([
    [
      'an uncommitted edit of one env',
      (dir: string) => edit(dir, 'envs/prod-eu/env-config.yaml', (t) => `${t}# hand\n`),
      1,
    ],
    [
      'an untracked file in a stage (every env of the stage)',
      (dir: string) => fs.writeFileSync(path.join(dir, 'stages/prod/notes.yaml'), 'a: 1\n'),
      2,
    ],
    [
      'a committed damage since the base commit',
      (dir: string) => {
        edit(dir, 'envs/staging-eu/kustomization.yaml', (t) =>
          t.replace('resources:\n', 'resources:\n  - nope.yaml\n'),
        );
        git(dir, 'commit', '--quiet', '--no-verify', '--no-gpg-sign', '-am', 'damage');
      },
      1,
    ],
  ])('%s: the envs it reaches are checked, with the findings a full validation has there', async (_n, change, envs) => {
    const dir = await committedFleet();
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    change(dir);
    const since = await cli(['validate', dir, '--since', base, '--json']);
    const full = await cli(['validate', dir, '--json']);
    expect(since.json().since.environments).toEqual({ checked: envs, total: 3 });
    // Every finding of --since is one of the full validation's (the full one may have more elsewhere).
    const fullFindings = full.json().diagnostics.map((d: any) => `${d.code} ${d.path}`);
    for (const d of since.json().diagnostics) expect(fullFindings).toContain(`${d.code} ${d.path}`);
    expect(since.code).toBe(full.code);
  });

  it('a missing file the change introduces: exit 1, named; the summary says what was checked', async () => {
    const dir = await committedFleet();
    edit(dir, 'envs/staging-eu/kustomization.yaml', (t) => t.replace('resources:\n', 'resources:\n  - nope.yaml\n'));
    const r = await cli(['validate', dir, '--since', 'HEAD']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('MissingFile');
    expect(r.out).toContain('1 of 3 environments checked: what 1 file changed since HEAD can reach');
  });

  it('a rename is a delete and an add', async () => {
    const dir = await committedFleet();
    git(dir, 'mv', 'stages/prod/stage-config.yaml', 'stages/prod/config.yaml');
    const r = await cli(['validate', dir, '--since', 'HEAD', '--json']);
    expect(r.code).toBe(1);
    expect(r.json().since.changedFiles).toBe(2);
    expect(r.json().diagnostics.map((d: any) => d.code)).toContain('MissingFile');
  });

  it.each([
    ['no such commit', ['--since', 'nope']],
    ['with --kustomize', ['--since', 'HEAD', '--kustomize']],
  ])('%s: a usage error', async (_n, args) => {
    const dir = await committedFleet();
    const r = await cli(['validate', dir, ...args]);
    expect(r.code).toBe(2);
  });

  it('outside a git checkout: a usage error', async () => {
    const dir = await exampleFleet();
    const r = await cli(['validate', dir, '--since', 'HEAD']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('git checkout');
  });
});
