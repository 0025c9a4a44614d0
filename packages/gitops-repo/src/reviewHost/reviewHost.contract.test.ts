import { startGithubStandIn, startGitlabStandIn, type ReviewStandIn } from '../testing';
import { createGithubReviewHost } from './githubReviewHost';
import { createGitlabReviewHost } from './gitlabReviewHost';
import type { ReviewHost, ReviewRequest } from './ReviewHost';

/**
 * The ReviewHost contract, run against both hosts over the same scenarios:
 * create, update on a re-run, closed and merged reported (never reopened), a new
 * submission after a merge, labels, reviewers, listing open reviews. GitHub and
 * GitLab cannot be reached from here: each host is an HTTP stand-in on
 * 127.0.0.1 answering its documented endpoints (src/testing).
 */
const TOKEN = 'test-token';
const USERS = ['alice', 'bob'];

interface HostCase {
  readonly name: string;
  start(): Promise<ReviewStandIn>;
  host(s: ReviewStandIn, token?: string): ReviewHost;
  /** The CODEOWNERS team handle, and whether the host can ask a team to review. */
  readonly team: readonly [handle: string, requested: boolean];
  readonly remoteUser: string;
}

const HOSTS: HostCase[] = [
  {
    name: 'GitHub (Octokit)',
    start: () => startGithubStandIn({ token: TOKEN, users: USERS, owner: 'acme', repo: 'gitops' }),
    host: (s, token = TOKEN) =>
      createGithubReviewHost({
        apiBaseUrl: s.apiBaseUrl,
        webBaseUrl: s.webBaseUrl,
        owner: 'acme',
        repo: 'gitops',
        token: async () => token,
        retries: 0,
        // The plugin spaces writes a second apart for GitHub's sake; the stand-in has no limits.
        throttle: false,
      }),
    team: ['@acme/platform', true],
    remoteUser: 'x-access-token',
  },
  {
    name: 'GitLab (gitbeaker), self-managed under /gitlab',
    start: () =>
      startGitlabStandIn({ token: TOKEN, users: USERS, projectPath: 'acme/infra/gitops', pathPrefix: '/gitlab' }),
    host: (s, token = TOKEN) =>
      createGitlabReviewHost({
        apiBaseUrl: s.apiBaseUrl,
        webBaseUrl: s.webBaseUrl,
        projectPath: 'acme/infra/gitops',
        token: async () => token,
      }),
    team: ['@acme/platform', false],
    remoteUser: 'oauth2',
  },
];

const BRANCH = 'platter/promote/shop-prod';
const request = (sha: string, overrides: Partial<ReviewRequest> = {}): ReviewRequest => ({
  head: BRANCH,
  base: 'main',
  headSha: sha,
  title: 'Promote shop to prod',
  body: `body at ${sha}`,
  labels: ['platter', 'kind:Promote', 'stage:prod'],
  reviewers: ['@alice'],
  ...overrides,
});

describe.each(HOSTS)('ReviewHost contract: $name', (c) => {
  let s: ReviewStandIn;
  let host: ReviewHost;
  beforeEach(async () => {
    s = await c.start();
    host = c.host(s);
    s.push(BRANCH, 'sha-1');
  });
  afterEach(() => s.close());

  it('creates a review with labels and reviewers, and links to it', async () => {
    const out = await host.ensureReview(request('sha-1'));
    expect(out).toMatchObject({ action: 'created', review: { number: 1, state: 'open', head: BRANCH, base: 'main' } });
    expect(out.review.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*1$/);
    expect(s.reviews).toHaveLength(1);
    expect(s.reviews[0]).toMatchObject({ title: 'Promote shop to prod', body: 'body at sha-1', reviewers: ['alice'] });
    expect([...s.reviews[0]!.labels].sort()).toEqual(['kind:Promote', 'platter', 'stage:prod']);
  });

  it('updates the same review on a re-run (branch force-pushed, body refreshed)', async () => {
    await host.ensureReview(request('sha-1'));
    s.push(BRANCH, 'sha-2');
    const out = await host.ensureReview(request('sha-2', { title: 'Promote shop to prod (again)' }));
    expect(out).toMatchObject({ action: 'updated', review: { number: 1, state: 'open', headSha: 'sha-2' } });
    expect(s.reviews).toHaveLength(1);
    expect(s.reviews[0]).toMatchObject({ title: 'Promote shop to prod (again)', body: 'body at sha-2' });
  });

  it.each([
    ['closed', (st: ReviewStandIn) => st.closeReview(1)],
    ['merged', (st: ReviewStandIn) => st.mergeReview(1)],
  ] as const)('reports a %s review at the pushed commit and does not reopen it', async (state, act) => {
    await host.ensureReview(request('sha-1'));
    act(s);
    const out = await host.ensureReview(request('sha-1', { body: 'changed' }));
    expect(out).toMatchObject({ action: state, review: { number: 1, state } });
    expect(s.reviews).toHaveLength(1);
    expect(s.reviews[0]).toMatchObject({ state, body: 'body at sha-1' });
  });

  it('opens a new review for a new submission on the branch after the earlier one was merged', async () => {
    await host.ensureReview(request('sha-1'));
    s.mergeReview(1);
    s.push(BRANCH, 'sha-3');
    const out = await host.ensureReview(request('sha-3'));
    expect(out).toMatchObject({ action: 'created', review: { number: 2, state: 'open' } });
    expect(s.reviews.map((r) => r.state)).toEqual(['merged', 'open']);
  });

  it('requests the reviewers the host knows and reports the others', async () => {
    const [team, teamRequested] = c.team;
    const out = await host.ensureReview(request('sha-1', { reviewers: ['@alice', '@bob', team, 'ops@acme.example'] }));
    const notRequested = ['ops@acme.example', ...(teamRequested ? [] : [team])];
    expect([...out.reviewersNotRequested].sort()).toEqual(notRequested.sort());
    expect([...s.reviews[0]!.reviewers].sort()).toEqual([...(teamRequested ? ['acme/platform'] : []), 'alice', 'bob']);
  });

  it('keeps labels someone added and adds the missing ones on a re-run', async () => {
    await host.ensureReview(request('sha-1', { labels: ['platter'] }));
    s.reviews[0]!.labels.push('needs-qa');
    const out = await host.ensureReview(request('sha-1'));
    expect([...out.review.labels].sort()).toEqual(['kind:Promote', 'needs-qa', 'platter', 'stage:prod']);
  });

  it('lists the open reviews of platter/ branches', async () => {
    await host.ensureReview(request('sha-1'));
    s.push('feature/x', 'sha-x');
    await host.ensureReview(request('sha-x', { head: 'feature/x' }));
    s.push('platter/rollback/cart-prod', 'sha-r');
    await host.ensureReview(request('sha-r', { head: 'platter/rollback/cart-prod' }));
    s.closeReview(1);
    expect((await host.listOpenReviews()).map((r) => r.head)).toEqual(['platter/rollback/cart-prod']);
  });

  it('lists what a portal shows of an open review: labels, author, reviewers, draft, when it was opened', async () => {
    await host.ensureReview(request('sha-1', { reviewers: ['@alice', c.team[0]] }));
    const [open] = await host.listOpenReviews();
    expect(open).toMatchObject({
      number: 1,
      head: BRANCH,
      title: 'Promote shop to prod',
      author: 'platter-bot',
      draft: false,
      createdAt: s.reviews[0]!.createdAt,
    });
    expect([...open!.labels].sort()).toEqual(['kind:Promote', 'platter', 'stage:prod']);
    expect([...open!.reviewers!].sort()).toEqual(c.team[1] ? ['acme/platform', 'alice'] : ['alice']);
  });

  it('refuses to list when the host fails (an outage, a revoked token)', async () => {
    await host.ensureReview(request('sha-1'));
    s.failWith(401);
    await expect(host.listOpenReviews()).rejects.toThrow();
    s.failWith();
    expect(await host.listOpenReviews()).toHaveLength(1);
  });

  it('keeps one comment up to date by its marker, beside comments of others', async () => {
    const { review } = await host.ensureReview(request('sha-1'));
    const marker = '<!-- platter:verify -->';
    const first = await host.upsertComment(review.number, marker, 'report 1');
    expect(first.created).toBe(true);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    s.reviews[0]!.comments.push({ id: 999, body: 'LGTM' });
    const second = await host.upsertComment(review.number, marker, 'report 2');
    expect(second).toEqual({ url: first.url, created: false });
    expect(s.reviews[0]!.comments.map((c) => c.body)).toEqual([`${marker}\nreport 2`, 'LGTM']);
  });

  it('refuses with the host error on a bad token, and creates nothing', async () => {
    await expect(c.host(s, 'wrong').ensureReview(request('sha-1'))).rejects.toThrow();
    expect(s.reviews).toHaveLength(0);
  });

  it('gives git a remote with the token as credentials, and commit links', async () => {
    expect(await host.authenticatedRemote('https://git.example/acme/gitops.git')).toBe(
      `https://${c.remoteUser}:${TOKEN}@git.example/acme/gitops.git`,
    );
    expect(await host.authenticatedRemote('https://me:pw@git.example/acme/gitops.git')).toBe(
      'https://me:pw@git.example/acme/gitops.git',
    );
    expect(host.commitUrl('abc')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*abc$/);
  });
});

// GitLab's reviewers are users only; a CODEOWNERS group becomes an approver through a merge-request-level
// approval rule where the tier has them (Premium, Ultimate), checked before use.
describe('GitLab: CODEOWNERS groups', () => {
  it.each([
    ['Premium: a merge request approval rule names the group', 'premium', ['acme/platform'], ['@acme/nope']],
    ['Free (no approval rules): reported as not requested', 'free', undefined, ['@acme/nope', '@acme/platform']],
    ['approvers locked per project: reported as not requested', 'locked', undefined, ['@acme/nope', '@acme/platform']],
  ] as const)('%s', async (_name, approvals, ruleGroups, notRequested) => {
    const s = await startGitlabStandIn({
      token: TOKEN,
      users: USERS,
      projectPath: 'acme/gitops',
      groups: ['acme/platform'],
      approvals,
    });
    try {
      const host = createGitlabReviewHost({
        apiBaseUrl: s.apiBaseUrl,
        webBaseUrl: s.webBaseUrl,
        projectPath: 'acme/gitops',
        token: async () => TOKEN,
      });
      s.push(BRANCH, 'sha-1');
      const reviewers = ['@alice', '@acme/platform', '@acme/nope'];
      const first = await host.ensureReview(request('sha-1', { reviewers }));
      expect([...first.reviewersNotRequested].sort()).toEqual([...notRequested]);
      // A re-run keeps one rule (updated, not duplicated).
      const again = await host.ensureReview(request('sha-1', { reviewers }));
      expect([...again.reviewersNotRequested].sort()).toEqual([...notRequested]);
      expect(s.reviews[0]!.reviewers).toEqual(['alice']);
      // Without the capability, no rule is even asked for.
      expect(s.reviews[0]!.approvalRules).toEqual(
        ruleGroups ? { 'Platter: CODEOWNERS groups': ruleGroups } : undefined,
      );
    } finally {
      await s.close();
    }
  });
});
