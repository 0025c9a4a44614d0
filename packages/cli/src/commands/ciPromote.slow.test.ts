import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  startGithubStandIn,
  startGitlabStandIn,
  type ReviewStandIn,
  type StandInOptions,
} from '@platter/gitops-repo/testing';
import { cli, exampleFleet, removeTempDirs, tempDir } from '../internal/testCli';

/**
 * `platter ci promote` end to end: a real git remote (a bare repository), real
 * history with commit dates in the past (the soak time is counted from them),
 * and the review host as a stand-in on 127.0.0.1 (GitHub and GitLab cannot be
 * reached from here), once per host.
 */
jest.setTimeout(180_000);
afterAll(removeTempDirs);

const TOKEN = 'stand-in-token-9c1d';
const DAY = 86_400_000;

const git = (dir: string, args: string[], date?: Date) =>
  execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.test',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.test',
      ...(date ? { GIT_AUTHOR_DATE: date.toISOString(), GIT_COMMITTER_DATE: date.toISOString() } : {}),
    },
  }).trim();

const edit = (dir: string, file: string, from: string, to: string) => {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
};

/**
 * The example fleet with prod's promotion policy (soak 2d, apps and components),
 * its history: the fleet 10 days ago with staging's ingress-nginx at 1.0.0;
 * shop 1.3.0 in staging 3 days ago (soaked); staging's ingress-nginx 1.1.0 an
 * hour ago (soaking). Pushed to a bare remote.
 */
async function fleetWithHistory() {
  const dir = await exampleFleet();
  edit(
    dir,
    'platter.yaml',
    '      promotesFrom: staging\n',
    '      promotesFrom: staging\n      promotion:\n        soak: 2d\n        auto: [apps, components]\n',
  );
  const nginx = 'stages/staging/runtime/ingress-nginx.yaml';
  edit(dir, nginx, 'runtime/ingress-nginx/1.1.0/_base', 'runtime/ingress-nginx/1.0.0/_base');
  const now = Date.now();
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '-m', 'Initial fleet'], new Date(now - 10 * DAY));
  edit(dir, 'apps/shop/staging/release.yaml', 'version: 1.3.0-rc.1', 'version: 1.3.0');
  git(dir, ['commit', '--quiet', '-am', 'shop 1.3.0 in staging'], new Date(now - 3 * DAY));
  edit(dir, nginx, 'runtime/ingress-nginx/1.0.0/_base', 'runtime/ingress-nginx/1.1.0/_base');
  git(dir, ['commit', '--quiet', '-am', 'ingress-nginx 1.1.0 in staging'], new Date(now - 3_600_000));
  const bare = path.join(tempDir(), 'fleet.git');
  git(path.dirname(bare), ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  git(dir, ['remote', 'add', 'origin', bare]);
  git(dir, ['push', '--quiet', 'origin', 'main']);
  return { dir, bare };
}

const HOSTS = [
  {
    name: 'GitHub',
    host: 'github',
    start: (o: StandInOptions) => startGithubStandIn({ ...o, owner: 'example-org', repo: 'fleet' }),
  },
  {
    name: 'GitLab',
    host: 'gitlab',
    start: (o: StandInOptions) => startGitlabStandIn({ ...o, projectPath: 'example-org/fleet' }),
  },
];

describe.each(HOSTS)('platter ci promote against real git and the $name stand-in', (c) => {
  let standIn: ReviewStandIn;
  let fleet: { dir: string; bare: string };
  beforeEach(async () => {
    fleet = await fleetWithHistory();
    const headOf = (branch: string) => {
      try {
        return git(fleet.bare, ['rev-parse', '--verify', '-q', `refs/heads/${branch}`]);
      } catch {
        return undefined;
      }
    };
    standIn = await c.start({ token: TOKEN, headOf, users: ['alice'] });
    process.env.PLATTER_TEST_REVIEW_TOKEN = TOKEN;
  });
  afterEach(async () => {
    delete process.env.PLATTER_TEST_REVIEW_TOKEN;
    await standIn.close();
  });
  const promote = (...extra: string[]) =>
    cli([
      'ci',
      'promote',
      '-C',
      fleet.dir,
      '--host',
      c.host,
      '--api-url',
      standIn.apiBaseUrl,
      '--repo',
      'example-org/fleet',
      '--token-env',
      'PLATTER_TEST_REVIEW_TOKEN',
      ...extra,
    ]);
  const refs = () => git(fleet.bare, ['for-each-ref', '--format=%(refname) %(objectname)']);

  it('proposes what has soaked with its evidence, waits for what has not; re-runs refresh, a merged one is reported', async () => {
    const dry = await promote('--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(dry.json().results).toEqual([
      expect.objectContaining({ subject: 'app shop', version: '1.3.0', current: '1.2.0', status: 'proposed' }),
      expect.objectContaining({ subject: 'component ingress-nginx', version: '1.1.0', status: 'soaking' }),
    ]);
    expect(standIn.reviews).toEqual([]);
    expect(refs()).not.toContain('refs/heads/platter/');

    const first = await promote();
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const lines = first.out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^proposed app shop 1\.2\.0 -> 1\.3\.0 \(staging -> prod\): in staging for 3d( 0h)?.* of 2d; created http:\/\/127\.0\.0\.1:\d+\//,
    );
    expect(lines[1]).toMatch(
      /^soaking component ingress-nginx 1\.0\.0 -> 1\.1\.0 \(staging -> prod\): in staging for (1h|\d+m|1h \d+m) of 2d$/,
    );
    expect(standIn.reviews).toHaveLength(1);
    const review = standIn.reviews[0]!;
    expect(review).toMatchObject({ head: 'platter/promote-app/shop', base: 'main', state: 'open' });
    expect(review.labels).toEqual(expect.arrayContaining(['platter', 'kind:PromoteApp', 'stage:prod']));
    expect(review.body).toMatch(
      /\*\*Evidence:\*\* 1\.3\.0 has run in stage staging since \S+ \([0-9a-f]{12}: shop 1\.3\.0 in staging\)/,
    );
    expect(review.body).toContain('Requested by platter ci promote');
    expect(git(fleet.bare, ['rev-parse', review.head])).toBe(review.headSha);

    // Idempotent: the same promotion finds its branch as it is and refreshes the open review.
    const before = refs();
    const second = await promote('--json');
    expect(second.json().results[0]).toMatchObject({ status: 'proposed', review: { action: 'updated' } });
    expect(standIn.reviews).toHaveLength(1);
    expect(refs()).toBe(before);

    // Merged on the host: reported, not reopened (the checkout has not pulled the merge yet).
    standIn.mergeReview(1);
    const third = await promote('--json');
    expect(third.json().results[0]).toMatchObject({ review: { action: 'merged', review: { state: 'merged' } } });
    expect(standIn.reviews).toHaveLength(1);
  });

  it('leaves a stage an active freeze holds alone', async () => {
    edit(
      fleet.dir,
      'platter.yaml',
      '  stages:\n',
      '  freezes:\n    - name: black-friday\n      stages: [prod]\n      from: 2020-01-01\n      reason: Black Friday traffic\n  stages:\n',
    );
    git(fleet.dir, ['commit', '--quiet', '-am', 'freeze prod']);
    git(fleet.dir, ['push', '--quiet', 'origin', 'main']);
    const r = await promote('--json');
    expect(r.code).toBe(0);
    expect(r.json().results[0]).toMatchObject({ subject: 'app shop', status: 'frozen', frozenBy: ['black-friday'] });
    expect(standIn.reviews).toEqual([]);
    expect(refs()).not.toContain('refs/heads/platter/');
  });
});
