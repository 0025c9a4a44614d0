import { execFileSync } from 'node:child_process';
import { cli, exampleFleet, removeTempDirs } from '../internal/testCli';

// `platter history` on a checkout where requests were committed with --commit and by hand.
jest.setTimeout(120_000);
afterAll(removeTempDirs);

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.test',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.test',
    },
  });

it('lists requests and hand commits with their undo requests; --json carries them', async () => {
  const dir = await exampleFleet();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'Initial fleet');
  const r1 = await cli(['rollback', 'shop', '1.1.0', '--stage', 'prod', '--as', 'team-a', '--commit', '-C', dir]);
  expect(r1.code).toBe(0);
  const r2 = await cli(['addon', 'enable', 'ingress-nginx', 'nodeport', '--env', 'prod-eu', '--commit', '-C', dir]);
  expect(r2.code).toBe(0);

  const text = await cli(['history', 'prod-eu', '-C', dir]);
  expect(text.code).toBe(0);
  const lines = text.out.split('\n');
  expect(lines[0]).toBe('History of env prod-eu (newest first, 3 entries)');
  expect(lines[1]).toMatch(/^ {2}\S+ \S+ {2}[0-9a-f]{12} {2}EnableAddon, direct {2}platform$/);
  expect(lines[3]).toBe(
    `      undo: echo '{"kind":"DisableAddon","service":"ingress-nginx","addon":"nodeport","env":"prod-eu"}' | platter apply -f -`,
  );
  expect(lines).toContain('      Roll back shop to 1.1.0 in stage prod');
  expect(lines.at(-3)).toMatch(/hand commit {2}Dev <dev@example.test>$/);

  const json = await cli(['history', 'shop', '-C', dir, '--json', '-n', '1']);
  expect(json.json()).toMatchObject({
    subject: { app: 'shop' },
    entries: [
      {
        kind: 'Rollback',
        requestedBy: 'tenant:team-a',
        undo: [{ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' }],
      },
    ],
  });
});
