import { Gitlab } from '@gitbeaker/rest';
import type { Review, ReviewHost, ReviewOutcome, ReviewRequest } from './ReviewHost';
import { withGitCredentials } from './gitCredentials';

/**
 * Merge requests on GitLab (gitlab.com or self-managed, also under a relative
 * URL root) through gitbeaker (`@gitbeaker/rest`), which retries 429 and 502
 * answers itself. The project is addressed by its path (`group/sub/project`,
 * URL-encoded by gitbeaker), so no project id has to be configured.
 *
 * Endpoints (https://docs.gitlab.com/api/merge_requests/,
 * https://docs.gitlab.com/api/users/, https://docs.gitlab.com/api/notes/): list a
 * project's merge requests by source and target branch, create, update (title,
 * description, add_labels, reviewer_ids); find a user by username; list,
 * create and update a merge request's notes (comments).
 *
 * CODEOWNERS groups: a merge request's reviewers can only be users
 * (`reviewer_ids`). Where the project can have merge request approval rules
 * (GitLab Premium and Ultimate; https://docs.gitlab.com/api/merge_request_approvals/),
 * the groups are made approvers instead: one merge-request-level rule,
 * `Platter: CODEOWNERS groups` (`group_ids`, one approval), created or updated
 * on each run. The capability is checked first, once per host: `GET
 * /projects/:id/approvals` must answer (Free answers 403, GitLab CE 404) and
 * must not forbid overriding approvers per merge request. Without it, or when
 * the rule cannot be written, the groups are reported as not requested (and the
 * review body names them, reviewOf).
 */
export interface GitlabReviewHostOptions {
  /** The REST API root: `https://gitlab.com/api/v4`, `https://example.com/gitlab/api/v4`. */
  readonly apiBaseUrl: string;
  /** The web root: `https://gitlab.com`. */
  readonly webBaseUrl: string;
  /** `group/sub/project`. */
  readonly projectPath: string;
  readonly token: () => Promise<string | undefined>;
}

/** The merge-request-level approval rule that carries CODEOWNERS groups (found again by this name on a re-run). */
export const CODEOWNERS_APPROVAL_RULE = 'Platter: CODEOWNERS groups';

type GitlabClient = InstanceType<typeof Gitlab<false>>;
interface GitlabMergeRequest {
  readonly iid: number;
  readonly web_url: string;
  readonly state: string;
  readonly source_branch: string;
  readonly target_branch: string;
  readonly title: string;
  readonly sha?: string | null;
  readonly labels?: readonly (string | { name: string })[];
  readonly author?: { readonly username: string } | null;
  readonly reviewers?: readonly ({ readonly username: string } | null)[];
  readonly draft?: boolean;
  readonly created_at?: string;
}

export function createGitlabReviewHost(options: GitlabReviewHostOptions): ReviewHost {
  const projectId = options.projectPath;
  const webUrl = `${options.webBaseUrl.replace(/\/$/, '')}/${projectId}`;
  // gitbeaker adds /api/v4 to its host itself.
  const host = options.apiBaseUrl.replace(/\/$/, '').replace(/\/api\/v4$/, '');
  const client = async (): Promise<GitlabClient> => {
    const token = await options.token();
    return token ? new Gitlab({ host, token }) : new Gitlab({ host });
  };

  const mergeRequestsOf = async (api: GitlabClient, head: string, base: string, state?: 'opened') =>
    (await api.MergeRequests.all({
      projectId,
      sourceBranch: head,
      targetBranch: base,
      ...(state ? { state } : {}),
      orderBy: 'created_at',
      sort: 'desc',
      perPage: 100,
      maxPages: 1,
    })) as unknown as GitlabMergeRequest[];

  /** Usernames to user ids; handles that name no user (groups, e-mails) are returned apart. */
  const reviewerIdsOf = async (api: GitlabClient, handles: readonly string[]) => {
    const ids: number[] = [];
    const notFound: string[] = [];
    for (const handle of handles) {
      const username = /^@([^/\s]+)$/.exec(handle)?.[1];
      const user = username
        ? ((await api.Users.all({ username, maxPages: 1 })) as unknown as { id: number }[])[0]
        : undefined;
      if (user) ids.push(user.id);
      else notFound.push(handle);
    }
    return { ids, notFound };
  };

  /** Can merge requests of this project carry approval rules that name groups? Asked once. */
  let approvalRules: Promise<boolean> | undefined;
  const canRequireGroups = (api: GitlabClient) =>
    (approvalRules ??= (async () => {
      try {
        const config = (await api.MergeRequestApprovals.showConfiguration(projectId)) as unknown as {
          disable_overriding_approvers_per_merge_request?: boolean;
        };
        return !config.disable_overriding_approvers_per_merge_request;
      } catch {
        return false; // 403 on Free, 404 on CE: no approval rules here
      }
    })());

  /**
   * The handles no user answered to that are groups (`@group`, `@group/sub`), as
   * approvers of merge request `iid` (see the module comment); returns the
   * handles still not requested.
   */
  const requireGroups = async (api: GitlabClient, iid: number, handles: readonly string[]): Promise<string[]> => {
    const paths = handles.filter((h) => /^@[^@\s]+$/.test(h));
    if (!paths.length || !(await canRequireGroups(api))) return [...handles];
    const groups = new Map<string, number>();
    for (const handle of paths) {
      const group = await api.Groups.show(handle.slice(1)).catch(() => undefined);
      if (group) groups.set(handle, (group as unknown as { id: number }).id);
    }
    if (!groups.size) return [...handles];
    try {
      const rules = (await api.MergeRequestApprovals.allApprovalRules(projectId, {
        mergerequestIId: iid,
      })) as unknown as { id: number; name: string }[];
      const existing = rules.find((r) => r.name === CODEOWNERS_APPROVAL_RULE);
      const groupIds = [...groups.values()];
      if (existing) {
        await api.MergeRequestApprovals.editApprovalRule(projectId, existing.id, CODEOWNERS_APPROVAL_RULE, 1, {
          mergerequestIId: iid,
          groupIds,
        });
      } else {
        await api.MergeRequestApprovals.createApprovalRule(projectId, CODEOWNERS_APPROVAL_RULE, 1, {
          mergerequestIId: iid,
          groupIds,
        });
      }
    } catch {
      // The merge request stands; the groups are reported (a token without the right, a rule locked meanwhile).
      return [...handles];
    }
    return handles.filter((h) => !groups.has(h));
  };

  const refresh = async (
    api: GitlabClient,
    action: 'created' | 'updated',
    iid: number,
    request: ReviewRequest,
    reviewers: { ids: number[]; notFound: string[] },
  ): Promise<ReviewOutcome> => {
    const edited = (await api.MergeRequests.edit(projectId, iid, {
      title: request.title,
      description: request.body,
      ...(request.labels.length ? { addLabels: request.labels.join(',') } : {}),
      ...(reviewers.ids.length ? { reviewerIds: reviewers.ids } : {}),
    })) as unknown as GitlabMergeRequest;
    const notRequested = await requireGroups(api, iid, reviewers.notFound);
    return { action, review: toReview(edited), reviewersNotRequested: notRequested };
  };

  return {
    kind: 'gitlab',
    noun: 'merge request',
    webUrl,
    authenticatedRemote: async (remote) => withGitCredentials(remote, 'oauth2', await options.token()),
    commitUrl: (commit) => `${webUrl}/-/commit/${commit}`,
    async ensureReview(request) {
      const api = await client();
      const all = await mergeRequestsOf(api, request.head, request.base);
      const open = all.find((m) => m.state === 'opened');
      if (open) return refresh(api, 'updated', open.iid, request, await reviewerIdsOf(api, request.reviewers));
      const done = all.find((m) => m.sha === request.headSha);
      if (done) {
        const review = toReview(done);
        return { action: review.state === 'merged' ? 'merged' : 'closed', review, reviewersNotRequested: [] };
      }
      const reviewers = await reviewerIdsOf(api, request.reviewers);
      try {
        const created = (await api.MergeRequests.create(projectId, request.head, request.base, request.title, {
          description: request.body,
          ...(request.labels.length ? { labels: request.labels.join(',') } : {}),
          ...(reviewers.ids.length ? { reviewerIds: reviewers.ids } : {}),
          removeSourceBranch: true,
        })) as unknown as GitlabMergeRequest;
        const notRequested = await requireGroups(api, created.iid, reviewers.notFound);
        return { action: 'created', review: toReview(created), reviewersNotRequested: notRequested };
      } catch (e) {
        // 409: an open merge request of this branch exists (someone opened it in between): refresh that one.
        const raced = (await mergeRequestsOf(api, request.head, request.base, 'opened'))[0];
        if (!raced) throw e;
        return refresh(api, 'updated', raced.iid, request, reviewers);
      }
    },
    async upsertComment(number, marker, body) {
      const api = await client();
      const text = `${marker}\n${body}`;
      const notes = (await api.MergeRequestNotes.all(projectId, number, { perPage: 100 })) as unknown as {
        id: number;
        body: string;
      }[];
      const mine = notes.find((n) => n.body.includes(marker));
      const note = mine
        ? ((await api.MergeRequestNotes.edit(projectId, number, mine.id, { body: text })) as unknown as { id: number })
        : ((await api.MergeRequestNotes.create(projectId, number, text)) as unknown as { id: number });
      return { url: `${webUrl}/-/merge_requests/${number}#note_${note.id}`, created: !mine };
    },
    async listOpenReviews({ headPrefix = 'platter/', maxPages = 10 } = {}) {
      const api = await client();
      // Newest first, at most maxPages pages of 100: a bounded read on a busy project.
      const open = (await api.MergeRequests.all({
        projectId,
        state: 'opened',
        orderBy: 'created_at',
        sort: 'desc',
        perPage: 100,
        maxPages,
      })) as unknown as GitlabMergeRequest[];
      return open.filter((m) => m.source_branch.startsWith(headPrefix)).map(toReview);
    },
  };
}

function toReview(m: GitlabMergeRequest): Review {
  return {
    number: m.iid,
    url: m.web_url,
    state: m.state === 'merged' ? 'merged' : m.state === 'opened' ? 'open' : 'closed',
    head: m.source_branch,
    base: m.target_branch,
    title: m.title,
    ...(m.sha ? { headSha: m.sha } : {}),
    labels: (m.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
    ...(m.author?.username ? { author: m.author.username } : {}),
    reviewers: (m.reviewers ?? []).flatMap((u) => (u?.username ? [u.username] : [])),
    draft: !!m.draft,
    ...(m.created_at ? { createdAt: m.created_at } : {}),
  };
}
