import type { Review, ReviewHost } from '@platter/gitops-repo';
import type { OpenReviewOnHost, RequestsRouteResponse } from '@platter/plugin-platter-common';
import { compareUrlOf } from '@platter/plugin-platter-node';
import type { ReviewBranch } from './openRequests';

/** How long one read of the host's open reviews is served to every page view. */
export const DEFAULT_HOST_REVIEWS_TTL_MS = 30_000;
/** At most this many open reviews are kept (and shown) per read: the answer stays bounded on a busy repository. */
export const MAX_HOST_REVIEWS = 500;

/** What a read of the host gave: its open Platter reviews, or why it could not be read. */
export type HostReviewsRead =
  | { readonly reviews: readonly Review[]; readonly error?: undefined }
  | { readonly error: string; readonly reviews?: undefined };

/**
 * The open Platter reviews (PRs/MRs of `platter/*` branches) of the GitOps
 * repository's host, for "My requests", the group card and the
 * EnvironmentCard (issue 20). One read serves every page view for `ttlMs`, and
 * concurrent views share the read in flight, so the host's API sees one call
 * per interval whatever the traffic (GitHub's rate limit is per token). A failed
 * read is kept for the interval too: an outage is not hammered, and each view
 * answers at once with the branches from Git and the reason (never a 500).
 */
export class HostReviews {
  private last?: { readonly at: number; readonly read: HostReviewsRead };
  private inflight?: Promise<HostReviewsRead>;

  constructor(
    readonly host: Pick<ReviewHost, 'kind' | 'noun' | 'webUrl' | 'listOpenReviews'>,
    private readonly options: {
      /** @default DEFAULT_HOST_REVIEWS_TTL_MS */
      readonly ttlMs?: number;
      readonly now?: () => number;
      /** Told of every failed read (the reason shown to users is short). */
      readonly onError?: (error: unknown) => void;
    } = {},
  ) {}

  read(): Promise<HostReviewsRead> {
    const now = this.options.now?.() ?? Date.now();
    const ttl = this.options.ttlMs ?? DEFAULT_HOST_REVIEWS_TTL_MS;
    if (this.last && now - this.last.at < ttl) return Promise.resolve(this.last.read);
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetch(): Promise<HostReviewsRead> {
    let read: HostReviewsRead;
    try {
      read = { reviews: (await this.host.listOpenReviews()).slice(0, MAX_HOST_REVIEWS) };
    } catch (error) {
      this.options.onError?.(error);
      read = { error: describeHostError(this.host.kind, error) };
    }
    this.last = { at: this.options.now?.() ?? Date.now(), read };
    return read;
  }
}

/** `GitHub answered 401 (Bad credentials)`: the status and the first line of the host's message, nothing else. */
function describeHostError(kind: 'github' | 'gitlab', error: unknown): string {
  const name = kind === 'github' ? 'GitHub' : 'GitLab';
  const e = error as { status?: number; cause?: { response?: { status?: number } }; message?: string };
  const status = e?.status ?? e?.cause?.response?.status;
  const message = String(e?.message ?? error)
    .split('\n')[0]!
    .replace(/\s+-\s+https?:\/\/\S+$/, '') // Octokit appends the documentation link
    .slice(0, 120);
  return status ? `${name} answered ${status} (${message})` : `${name} could not be reached (${message})`;
}

type RequestItem = RequestsRouteResponse['requests'][number];

/**
 * The review branches from Git merged with the host's open reviews (issue 20):
 * a branch with an open PR/MR into `target` shows as it (its page, number,
 * author, reviewers, draft); a branch without one stays a branch, linked to the
 * host's compare view when there is a host. An open review whose branch the
 * clone has not seen yet (pushed after its last fetch) is listed from the host
 * alone: its files and environments are unknown. Newest first.
 */
export function mergeWithHostReviews(
  branches: readonly ReviewBranch[],
  target: string,
  host: Pick<ReviewHost, 'kind' | 'webUrl'> | undefined,
  reviews: readonly Review[] | undefined,
): RequestItem[] {
  const byHead = new Map((reviews ?? []).filter((r) => r.base === target).map((r) => [r.head, r]));
  const items: RequestItem[] = branches.map((b) => {
    const review = byHead.get(b.branch);
    byHead.delete(b.branch);
    if (review) return { ...b, url: review.url, review: onHost(review) };
    return host ? { ...b, url: compareUrlOf(host, target, b.branch) } : { ...b };
  });
  for (const r of byHead.values()) {
    items.push({
      branch: r.head,
      commit: r.headSha ?? '',
      title: r.title,
      date: r.createdAt ?? '',
      files: [],
      environments: [],
      state: 'open',
      url: r.url,
      review: onHost(r),
    });
  }
  // Dates from git carry an offset, the host's are UTC: compared as instants (a stable sort keeps git's order on ties).
  return items.sort((a, b) => (Date.parse(b.date) || 0) - (Date.parse(a.date) || 0));
}

function onHost(r: Review): OpenReviewOnHost {
  return {
    number: r.number,
    url: r.url,
    title: r.title,
    ...(r.author ? { author: r.author } : {}),
    reviewers: [...(r.reviewers ?? [])],
    draft: !!r.draft,
    labels: [...r.labels],
    ...(r.createdAt ? { createdAt: r.createdAt } : {}),
  };
}
