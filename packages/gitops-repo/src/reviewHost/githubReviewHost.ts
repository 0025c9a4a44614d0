import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Review, ReviewHost, ReviewOutcome, ReviewRequest } from './ReviewHost';
import { withGitCredentials } from './gitCredentials';

/**
 * Pull requests on GitHub (github.com or GitHub Enterprise Server) through
 * Octokit (`@octokit/rest`), with its retry plugin (5xx answers are retried)
 * and its throttling plugin (GitHub's rate limits and secondary limits are
 * waited out once, then the call fails). The token is asked for on every call:
 * GitHub App installation tokens expire after an hour, and Backstage's
 * credentials provider mints a new one (reviewHostFor.ts).
 *
 * Endpoints (https://docs.github.com/rest/pulls/pulls,
 * https://docs.github.com/rest/issues/labels,
 * https://docs.github.com/rest/pulls/review-requests,
 * https://docs.github.com/rest/issues/comments): list pulls by head, create,
 * update; add labels; request reviewers; list, create and update comments.
 */
export interface GithubReviewHostOptions {
  /** The REST API root: `https://api.github.com`, or `https://<host>/api/v3` on GitHub Enterprise Server. */
  readonly apiBaseUrl: string;
  /** The web root: `https://github.com`. */
  readonly webBaseUrl: string;
  readonly owner: string;
  readonly repo: string;
  /** The token for the next call (undefined: anonymous, which can only read). */
  readonly token: () => Promise<string | undefined>;
  /** How often a failed call (5xx, rate limit) is tried again. @default 3 */
  readonly retries?: number;
  /**
   * The throttling plugin: besides waiting out rate limits, it spaces writes one
   * second apart, as GitHub asks of integrations. Off only in tests against a
   * stand-in, where no limit exists. @default true
   */
  readonly throttle?: boolean;
}

// The plugins' declarations name @octokit/core from the workspace root, an older copy than
// @octokit/rest 22's own (npm keeps both): the same plugin API at run time, two types at compile time.
const PlatterOctokit = Octokit.plugin(retry as never, throttling as never);
type PlatterOctokitClient = InstanceType<typeof PlatterOctokit>;
type GithubPull = Awaited<ReturnType<PlatterOctokitClient['rest']['pulls']['list']>>['data'][number];

export function createGithubReviewHost(options: GithubReviewHostOptions): ReviewHost {
  const { owner, repo } = options;
  const retries = options.retries ?? 3;
  const clientOptions = {
    baseUrl: options.apiBaseUrl.replace(/\/$/, ''),
    userAgent: 'platter',
    // A failed call is thrown to the caller, which reports it; Octokit's request log would print it twice.
    log: { debug: noop, info: noop, warn: noop, error: noop },
    retry: { enabled: retries > 0, retries },
    throttle: {
      enabled: options.throttle ?? true,
      // GitHub asks clients to wait out a rate limit; one wait, then the error surfaces.
      onRateLimit: (_after: number, _opts: object, _octokit: unknown, retryCount: number) => retryCount < 1,
      onSecondaryRateLimit: (_after: number, _opts: object, _octokit: unknown, retryCount: number) => retryCount < 1,
    },
  };
  const octokit = new PlatterOctokit(clientOptions);
  // The token per request: an installation token minted for one call may have expired by the next.
  octokit.hook.before('request', async (request) => {
    const token = await options.token();
    if (token) request.headers.authorization = `token ${token}`;
  });
  const webUrl = `${options.webBaseUrl.replace(/\/$/, '')}/${owner}/${repo}`;

  const pullsOf = async (head: string, base: string, state: 'open' | 'all') =>
    (
      await octokit.rest.pulls.list({
        owner,
        repo,
        head: `${owner}:${head}`,
        base,
        state,
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      })
    ).data;

  const finish = async (
    action: 'created' | 'updated',
    pull: { number: number },
    request: ReviewRequest,
  ): Promise<ReviewOutcome> => {
    const labels = request.labels.length
      ? (await octokit.rest.issues.addLabels({ owner, repo, issue_number: pull.number, labels: [...request.labels] }))
          .data
      : undefined;
    const reviewersNotRequested = await requestReviewers(pull.number, request.reviewers);
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pull.number });
    const review = toReview(data as unknown as GithubPull, owner);
    return {
      action,
      review: labels ? { ...review, labels: labels.map((l) => l.name) } : review,
      reviewersNotRequested,
    };
  };

  /** Users and teams (`@org/team`) of CODEOWNERS; e-mail owners cannot be requested by handle. */
  const requestReviewers = async (pullNumber: number, handles: readonly string[]): Promise<string[]> => {
    const reviewers: string[] = [];
    const teams: string[] = [];
    const skipped: string[] = [];
    for (const handle of handles) {
      const m = /^@([^/\s]+)(?:\/([^/\s]+))?$/.exec(handle);
      if (!m) skipped.push(handle);
      else if (m[2] && m[1]!.toLowerCase() === owner.toLowerCase()) teams.push(m[2]);
      else if (m[2])
        skipped.push(handle); // a team of another organization cannot review here
      else reviewers.push(m[1]!);
    }
    if (!reviewers.length && !teams.length) return skipped;
    try {
      await octokit.rest.pulls.requestReviewers({
        owner,
        repo,
        pull_number: pullNumber,
        reviewers,
        team_reviewers: teams,
      });
      return skipped;
    } catch (e) {
      // 422: a reviewer is not a collaborator, or is the pull request's author. The review stands without them.
      if ((e as { status?: number }).status === 422) return handles.slice();
      throw e;
    }
  };

  return {
    kind: 'github',
    noun: 'pull request',
    webUrl,
    authenticatedRemote: async (remote) => withGitCredentials(remote, 'x-access-token', await options.token()),
    commitUrl: (commit) => `${webUrl}/commit/${commit}`,
    async ensureReview(request) {
      const all = await pullsOf(request.head, request.base, 'all');
      const open = all.find((p) => p.state === 'open');
      if (open) {
        await octokit.rest.pulls.update({
          owner,
          repo,
          pull_number: open.number,
          title: request.title,
          body: request.body,
        });
        return finish('updated', open, request);
      }
      const done = all.find((p) => p.head.sha === request.headSha);
      if (done) {
        const review = toReview(done, owner);
        return { action: review.state === 'merged' ? 'merged' : 'closed', review, reviewersNotRequested: [] };
      }
      try {
        const { data } = await octokit.rest.pulls.create({
          owner,
          repo,
          head: request.head,
          base: request.base,
          title: request.title,
          body: request.body,
          maintainer_can_modify: true,
        });
        return finish('created', data, request);
      } catch (e) {
        // 422: someone opened it in between; that one is refreshed instead.
        if ((e as { status?: number }).status !== 422) throw e;
        const raced = (await pullsOf(request.head, request.base, 'open'))[0];
        if (!raced) throw e;
        await octokit.rest.pulls.update({
          owner,
          repo,
          pull_number: raced.number,
          title: request.title,
          body: request.body,
        });
        return finish('updated', raced, request);
      }
    },
    async upsertComment(number, marker, body) {
      const text = `${marker}\n${body}`;
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      });
      const mine = comments.find((c) => c.body?.includes(marker));
      if (mine) {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
        return { url: data.html_url, created: false };
      }
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: text });
      return { url: data.html_url, created: true };
    },
    async listOpenReviews({ headPrefix = 'platter/', maxPages = LIST_MAX_PAGES } = {}) {
      let pages = 0;
      // Newest first, at most maxPages pages: a repository with thousands of open pull requests costs a bounded read.
      const pulls = await octokit.paginate(
        octokit.rest.pulls.list,
        { owner, repo, state: 'open', sort: 'created', direction: 'desc', per_page: 100 },
        (response, done) => {
          if (++pages >= maxPages) done();
          return response.data;
        },
      );
      return pulls.filter((p) => p.head.ref.startsWith(headPrefix)).map((p) => toReview(p, owner));
    },
  };
}

const noop = () => undefined;

/** listOpenReviews reads at most this many pages of 100 open pull requests (newest first). */
const LIST_MAX_PAGES = 10;

/** A pull request as a Review; requested teams as `owner/team`, the form CODEOWNERS names them in. */
function toReview(p: GithubPull, owner: string): Review {
  return {
    number: p.number,
    url: p.html_url,
    state: p.merged_at ? 'merged' : p.state === 'open' ? 'open' : 'closed',
    head: p.head.ref,
    base: p.base.ref,
    title: p.title,
    headSha: p.head.sha,
    labels: p.labels.map((l) => l.name ?? '').filter(Boolean),
    ...(p.user?.login ? { author: p.user.login } : {}),
    reviewers: [
      ...(p.requested_reviewers ?? []).map((u) => u.login),
      ...(p.requested_teams ?? []).map((t) => `${owner}/${t.slug}`),
    ],
    draft: !!p.draft,
    ...(p.created_at ? { createdAt: p.created_at } : {}),
  };
}
