/** A review as a host stand-in keeps it, in the same shape for both hosts (what the tests assert on). */
export interface StandInReview {
  readonly number: number;
  readonly head: string;
  readonly base: string;
  title: string;
  body: string;
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  labels: string[];
  /** Usernames, and `org/team` for GitHub teams. */
  reviewers: string[];
  /** Who opened it: the user the token belongs to (StandInOptions.author). */
  readonly author: string;
  draft: boolean;
  /** ISO date it was opened. */
  readonly createdAt: string;
  /** GitLab: the groups (full paths) a merge-request-level approval rule asks to approve, by rule name. */
  approvalRules?: Record<string, string[]>;
  /** Comments (GitHub issue comments, GitLab notes), oldest first; ids are unique per stand-in. */
  comments: { readonly id: number; body: string }[];
}

/**
 * TEST-ONLY: what every host stand-in (githubStandIn.ts, gitlabStandIn.ts) offers
 * a test. GitHub and GitLab cannot be reached from the machines Platter is built
 * and tested on, so the ReviewHost implementations are run against these: HTTP
 * servers on 127.0.0.1 answering the documented endpoints they use, the way the
 * hosts' documentation says (each stand-in lists its endpoints and their pages).
 */
export interface ReviewStandIn {
  readonly kind: 'github' | 'gitlab';
  /** What the ReviewHost is given as its API root. */
  readonly apiBaseUrl: string;
  readonly webBaseUrl: string;
  /** `METHOD path?query` of every request, in order. */
  readonly requests: string[];
  /** The reviews, in creation order. */
  readonly reviews: readonly StandInReview[];
  /** A push to the host: `branch` is at `sha` now (open reviews of it follow, as on the hosts). */
  push(branch: string, sha: string): void;
  /** Someone closed the review without merging it (in the host's web UI). */
  closeReview(number: number): void;
  /** Someone merged it. */
  mergeReview(number: number): void;
  /**
   * From now on every API request is answered with this status (an outage: 503;
   * a revoked token: 401), until called without one.
   */
  failWith(status?: number): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** The token every request must carry (else 401, as the hosts answer a bad token). */
  readonly token: string;
  /** Users that exist and may be asked to review; others are refused as the host refuses them. */
  readonly users?: readonly string[];
  /** Where a branch is, when the test pushes with real git (default: what push() said). */
  readonly headOf?: (branch: string) => string | undefined;
  /** @default http://<the stand-in's address> */
  readonly webBaseUrl?: string;
  /** The user the token belongs to: the author of the reviews it opens. @default platter-bot */
  readonly author?: string;
}
