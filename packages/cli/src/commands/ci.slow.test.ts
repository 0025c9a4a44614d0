import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createGithubReviewHost, createGitlabReviewHost, type ReviewHost } from '@platter/gitops-repo';
import { startGithubStandIn, startGitlabStandIn, type ReviewStandIn } from '@platter/gitops-repo/testing';
import { cli, exampleFleet, removeTempDirs, tempDir } from '../internal/testCli';
import { defaultBase, reviewNumberOf, VERIFY_MARKER } from './ci';

// `platter ci verify` on a real git checkout: a change on a branch against the target branch.
jest.setTimeout(180_000);
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

/** The example fleet committed on main, and a branch `change` checked out. */
async function fleetOnBranch(): Promise<string> {
  const dir = await exampleFleet();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', 'Initial fleet');
  git(dir, 'checkout', '--quiet', '-b', 'change');
  return dir;
}

const breakFile = (dir: string, file: string) => fs.appendFileSync(path.join(dir, file), '\n: this is not YAML: [\n');

describe('platter ci verify', () => {
  it('passes a valid change and reports what Flux applies differently, dangers first (--kustomize, --report)', async () => {
    const dir = await fleetOnBranch();
    const r1 = await cli(['rollback', 'shop', '0.9.0', '--stage', 'prod', '--commit', '-C', dir]);
    expect(r1.code).toBe(0);
    // A commit on main since the branch forked is not this change's: verify compares with the merge base.
    git(dir, 'checkout', '--quiet', 'main');
    const r2 = await cli([
      'addon',
      'enable',
      'ingress-nginx',
      'nodeport',
      '--env',
      'staging-eu',
      '--commit',
      '-C',
      dir,
    ]);
    expect(r2.code).toBe(0);
    git(dir, 'checkout', '--quiet', 'change');

    const report = path.join(tempDir(), 'verify.md');
    const r = await cli(['ci', 'verify', '-C', dir, '--base', 'main', '--kustomize', '--report', report]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('## Platter verify: ✅ passed');
    expect(lines[2]).toMatch(
      /^Base `main` \(merge base [0-9a-f]{12}\) · head [0-9a-f]{12} · \d+ environments built with kubectl kustomize$/,
    );
    expect(r.out).toContain('### What Flux applies: 2 environments change');
    expect(r.out).toMatch(/\*\*1 danger finding\*\* \(review them\):\n- warning ChartMajorVersionChanged /);
    expect(r.out).toContain('<details open><summary>Rendered diff, per environment</summary>');
    expect(r.out).toContain('== the same change in 2 envs of stage prod: prod-eu, prod-us');
    expect(r.out).not.toContain('staging-eu');
    expect(fs.readFileSync(report, 'utf8')).toBe(r.out);
  });

  it.each([
    ['an error the change brings fails the gate', false],
    ['an error already on the base fails it too, marked as such', true],
  ])('%s', async (_name, onBase) => {
    const dir = await fleetOnBranch();
    if (onBase) {
      git(dir, 'checkout', '--quiet', 'main');
      breakFile(dir, 'envs/prod-eu/kustomization.yaml');
      git(dir, 'commit', '--quiet', '-am', 'broken by hand');
      git(dir, 'checkout', '--quiet', '-B', 'change');
    } else {
      breakFile(dir, 'envs/prod-eu/kustomization.yaml');
      git(dir, 'commit', '--quiet', '-am', 'broken by hand');
    }
    const r = await cli(['ci', 'verify', '-C', dir, '--base', 'main']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe('## Platter verify: ❌ failed');
    const finding = r.out
      .split('\n')
      .find((l) => l.startsWith('- **error**') && l.includes('`envs/prod-eu/kustomization.yaml`'));
    expect(finding).toBeDefined();
    expect(finding!.endsWith('_(already on the base)_')).toBe(onBase);

    const json = await cli(['ci', 'verify', '-C', dir, '--base', 'main', '--json']);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({
      ok: false,
      diagnostics: expect.arrayContaining([
        expect.objectContaining({ code: 'InvalidManifest', path: 'envs/prod-eu/kustomization.yaml' }),
      ]),
    });
  });

  it('a base it cannot find is a usage error that says to fetch it', async () => {
    const dir = await fleetOnBranch();
    const r = await cli(['ci', 'verify', '-C', dir, '--base', 'origin/nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--base origin\/nope: no common commit with HEAD .*git fetch origin <branch>/);
  });
});

// GitHub and GitLab cannot be reached from here: the comment goes to a stand-in on 127.0.0.1.
const TOKEN = 'stand-in-token-77ab';
describe.each([
  {
    host: 'github',
    start: () => startGithubStandIn({ token: TOKEN, owner: 'example-org', repo: 'fleet' }),
    open: (s: ReviewStandIn): ReviewHost =>
      createGithubReviewHost({
        apiBaseUrl: s.apiBaseUrl,
        webBaseUrl: s.webBaseUrl,
        owner: 'example-org',
        repo: 'fleet',
        token: async () => TOKEN,
        throttle: false,
      }),
  },
  {
    host: 'gitlab',
    start: () => startGitlabStandIn({ token: TOKEN, projectPath: 'example-org/fleet' }),
    open: (s: ReviewStandIn): ReviewHost =>
      createGitlabReviewHost({
        apiBaseUrl: s.apiBaseUrl,
        webBaseUrl: s.webBaseUrl,
        projectPath: 'example-org/fleet',
        token: async () => TOKEN,
      }),
  },
])('platter ci verify --comment on $host', ({ host, start, open }) => {
  let standIn: ReviewStandIn;
  beforeEach(async () => {
    standIn = await start();
    process.env.PLATTER_TEST_REVIEW_TOKEN = TOKEN;
  });
  afterEach(async () => {
    delete process.env.PLATTER_TEST_REVIEW_TOKEN;
    await standIn.close();
  });

  it('posts the report on the review, and a re-run updates that one comment', async () => {
    const dir = await fleetOnBranch();
    expect((await cli(['rollback', 'shop', '1.1.0', '--stage', 'prod', '--commit', '-C', dir])).code).toBe(0);
    // The review the pipeline runs for, opened by someone.
    standIn.push('change', 'sha-1');
    const change = { head: 'change', base: 'main', headSha: 'sha-1', title: 't', body: 'b', labels: [], reviewers: [] };
    const { review } = await open(standIn).ensureReview(change);
    const verify = () =>
      cli([
        ...['ci', 'verify', '-C', dir, '--base', 'main', '--comment', String(review.number)],
        ...['--host', host, '--api-url', standIn.apiBaseUrl, '--repo', 'example-org/fleet'],
        ...['--remote', 'https://git.example/example-org/fleet.git', '--token-env', 'PLATTER_TEST_REVIEW_TOKEN'],
      ]);
    const first = await verify();
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/^commented on (pull|merge) request \S+\/1#\S+\n$/);
    const second = await verify();
    expect(second.err).toMatch(/^updated the comment on /);
    expect(standIn.reviews[0]!.comments.map((c) => c.body)).toEqual([`${VERIFY_MARKER}\n${second.out}`]);
  });

  it('without a review number outside a pull/merge request pipeline is a usage error, before verifying', async () => {
    const dir = await fleetOnBranch();
    const r = await cli(['ci', 'verify', '-C', dir, '--base', 'main', '--comment', '--host', host]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--comment: which pull/merge request?');
    expect(r.out).toBe('');
  });
});

describe('defaultBase', () => {
  it.each([
    ['GitHub Actions pull request', { GITHUB_BASE_REF: 'release' }, 'origin/release'],
    ['GitLab merge request pipeline', { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'prod' }, 'origin/prod'],
    ['GitLab branch pipeline', { CI_DEFAULT_BRANCH: 'trunk' }, 'origin/trunk'],
    ['anywhere else', {}, 'origin/main'],
  ])('%s', (_name, env, base) => expect(defaultBase(env)).toBe(base));
});

describe('reviewNumberOf', () => {
  it.each([
    ['a GitHub pull_request run', { GITHUB_REF: 'refs/pull/42/merge' }, 42],
    ['a GitHub push run', { GITHUB_REF: 'refs/heads/main' }, undefined],
    ['a GitLab merge request pipeline', { CI_MERGE_REQUEST_IID: '7' }, 7],
    ['anywhere else', {}, undefined],
  ])('%s', (_name, env, number) => expect(reviewNumberOf(env)).toBe(number));
});
