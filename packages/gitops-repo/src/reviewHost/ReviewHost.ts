/**
 * Where a Platter change is reviewed: a pull request on GitHub, a merge request
 * on GitLab (DESIGN §6, "hosts behind one interface"). `platter:publish` and
 * `platter ci promote` push a branch with git, then ask a ReviewHost for its
 * review; each host speaks through its own client library (githubReviewHost.ts:
 * Octokit, gitlabReviewHost.ts: gitbeaker). Another host (Bitbucket, Gitea) is
 * one more file implementing this interface.
 */

/** What a review of a pushed branch carries (reviewOf builds it from a plan). */
export interface ReviewRequest {
  /** The pushed branch: `platter/<kind>/<subject>`. */
  readonly head: string;
  /** The branch it would merge into. */
  readonly base: string;
  /**
   * The commit the branch was pushed at. A closed or merged review of the same
   * branch at this commit is this review (reported, never reopened); one at an
   * older commit was an earlier submission, and a new review is opened.
   */
  readonly headSha: string;
  readonly title: string;
  readonly body: string;
  /** Added to the review (labels someone else put on it stay). */
  readonly labels: readonly string[];
  /** CODEOWNERS handles: `@user` or `@org/team` (GitHub), `@user` or `@group` (GitLab). */
  readonly reviewers: readonly string[];
}

export type ReviewState = 'open' | 'closed' | 'merged';

/** A review as the host shows it. */
export interface Review {
  /** The pull request's number (GitHub) or the merge request's iid (GitLab). */
  readonly number: number;
  /** Its web page. */
  readonly url: string;
  readonly state: ReviewState;
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly headSha?: string;
  readonly labels: readonly string[];
  /** Who opened it: the host's login (`jane`; the bot's, when Platter opened it). */
  readonly author?: string;
  /** Who is asked to review it: logins, and `org/team` for GitHub teams. */
  readonly reviewers?: readonly string[];
  /** A draft (GitHub) or draft merge request (GitLab): not ready for review. */
  readonly draft?: boolean;
  /** ISO date it was opened. */
  readonly createdAt?: string;
}

/**
 * What ensureReview did: `created` a review, `updated` the open one of the
 * branch (title, body, labels, reviewers refreshed), or found it `closed` or
 * `merged` at the pushed commit, which it reports and leaves alone.
 */
export interface ReviewOutcome {
  readonly action: 'created' | 'updated' | 'closed' | 'merged';
  readonly review: Review;
  /** Reviewers the host could not request: unknown users; GitLab groups where approval rules are not available. */
  readonly reviewersNotRequested: readonly string[];
}

export interface ReviewHost {
  /** `github` or `gitlab`: what the outputs and messages call it. */
  readonly kind: 'github' | 'gitlab';
  /** The repository's web page (`https://github.com/org/repo`). */
  readonly webUrl: string;
  /** What reviews are called there: `pull request` or `merge request`. */
  readonly noun: string;
  /** The remote with credentials git may push with (unchanged when the host has none, or it carries some). */
  authenticatedRemote(remote: string): Promise<string>;
  /** The web link of a commit. */
  commitUrl(commit: string): string;
  /**
   * The review of `request.head` into `request.base`: the open one updated, else
   * a closed or merged one at `headSha` reported, else a new one.
   */
  ensureReview(request: ReviewRequest): Promise<ReviewOutcome>;
  /**
   * Open reviews whose branch starts with `headPrefix` (default `platter/`), newest first, among the
   * newest `maxPages` pages of 100 open reviews (default 10): a bounded read on a busy repository.
   */
  listOpenReviews(options?: { readonly headPrefix?: string; readonly maxPages?: number }): Promise<Review[]>;
  /**
   * One comment on review `number` that a tool keeps up to date (`platter ci verify`'s report): the
   * comment whose body contains `marker` (an HTML comment, invisible when rendered) is edited, else one is
   * added with the marker first. Returns the comment's web link and whether it was new.
   */
  upsertComment(
    number: number,
    marker: string,
    body: string,
  ): Promise<{ readonly url: string; readonly created: boolean }>;
}
