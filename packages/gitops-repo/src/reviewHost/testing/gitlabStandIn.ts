import { startStandInServer, type StandInAnswer, type StandInCall } from './standInServer';
import { setState } from './githubStandIn';
import type { ReviewStandIn, StandInOptions, StandInReview } from './reviewStandIn';

/**
 * TEST-ONLY: a stand-in for the GitLab REST API (v4) endpoints
 * createGitlabReviewHost uses, on 127.0.0.1, because gitlab.com or a
 * self-managed GitLab cannot be reached from the machines Platter is built and
 * tested on. It answers as GitLab documents them (the project by its URL-encoded
 * path, `PRIVATE-TOKEN` authentication):
 *
 * - `GET /api/v4/projects/:id/merge_requests` (`source_branch`, `target_branch`, `state`; newest first)
 *   https://docs.gitlab.com/api/merge_requests/#list-project-merge-requests
 * - `POST /api/v4/projects/:id/merge_requests` (`labels` comma-separated, `reviewer_ids`): 201;
 *   409 when an open merge request of that source branch exists
 *   https://docs.gitlab.com/api/merge_requests/#create-mr
 * - `PUT /api/v4/projects/:id/merge_requests/:merge_request_iid` (`title`, `description`,
 *   `add_labels`, `reviewer_ids`) https://docs.gitlab.com/api/merge_requests/#update-mr
 * - `GET /api/v4/users?username=` https://docs.gitlab.com/api/users/#list-users
 * - `GET` and `POST /api/v4/projects/:id/merge_requests/:merge_request_iid/notes`, `PUT
 *   .../notes/:note_id` https://docs.gitlab.com/api/notes/#merge-requests
 * - `GET /api/v4/groups/:id` (the group by its URL-encoded full path) https://docs.gitlab.com/api/groups/#get-a-single-group
 * - `GET /api/v4/projects/:id/approvals`; `GET` and `POST
 *   /api/v4/projects/:id/merge_requests/:merge_request_iid/approval_rules` (`name`,
 *   `approvals_required`, `group_ids`), `PUT .../approval_rules/:approval_rule_id`
 *   https://docs.gitlab.com/api/merge_request_approvals/ (Premium and Ultimate): with
 *   `approvals: 'free'` (the default) they answer 403 as GitLab Free does; with
 *   `'locked'` the project forbids overriding approvers per merge request, and
 *   writing a rule answers 403.
 *
 * Merge requests carry `sha`; an open one follows its branch, a closed or
 * merged one keeps its commit. They carry `author` (the token's user),
 * `reviewers`, `draft` and `created_at`. `pathPrefix` serves it under a relative URL root
 * (a self-managed GitLab at https://example.com/gitlab). One page only.
 */
export async function startGitlabStandIn(
  options: StandInOptions & {
    readonly projectPath: string;
    readonly pathPrefix?: string;
    /** Groups that exist (full paths): CODEOWNERS `@group` handles. */
    readonly groups?: readonly string[];
    /** The tier's merge request approvals. @default free */
    readonly approvals?: 'free' | 'premium' | 'locked';
  },
): Promise<ReviewStandIn> {
  const reviews: StandInReview[] = [];
  const branches = new Map<string, string>();
  const headOf = (branch: string) => options.headOf?.(branch) ?? branches.get(branch) ?? '';
  const users = (options.users ?? []).map((username, i) => ({ id: 100 + i, username }));
  const prefix = options.pathPrefix ?? '';
  let noteIds = 0;
  let webBaseUrl = options.webBaseUrl ?? '';
  const project = `${prefix}/api/v4/projects/${encodeURIComponent(options.projectPath)}`;

  const follow = () => {
    for (const r of reviews) if (r.state === 'open') r.headSha = headOf(r.head) || r.headSha;
  };
  const toMergeRequest = (r: StandInReview) => ({
    id: 1000 + r.number,
    iid: r.number,
    web_url: `${webBaseUrl}/${options.projectPath}/-/merge_requests/${r.number}`,
    state: r.state === 'open' ? 'opened' : r.state,
    title: r.title,
    description: r.body,
    source_branch: r.head,
    target_branch: r.base,
    sha: r.headSha,
    labels: [...r.labels],
    reviewers: r.reviewers.map((u) => users.find((x) => x.username === u) ?? null),
    author: { id: 1, username: r.author },
    draft: r.draft,
    created_at: r.createdAt,
  });
  const setReviewers = (r: StandInReview, ids: unknown): StandInAnswer | undefined => {
    if (ids === undefined) return undefined;
    const list = (Array.isArray(ids) ? ids : String(ids).split(',')).map(Number);
    const found = list.map((id) => users.find((u) => u.id === id));
    if (found.some((u) => !u)) return [400, { message: { reviewer_ids: ['is invalid'] } }];
    r.reviewers = found.map((u) => u!.username);
    return undefined;
  };
  const commaList = (v: unknown) =>
    v === undefined
      ? []
      : (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim()).filter(Boolean);

  let failing: number | undefined;
  const groups = (options.groups ?? []).map((fullPath, i) => ({ id: 200 + i, full_path: fullPath }));
  const approvals = options.approvals ?? 'free';
  let ruleIds = 0;
  const ruleIdsOf = new Map<string, number>();
  const answerApprovals = (r: StandInReview | undefined, call: StandInCall, ruleId?: string): StandInAnswer => {
    if (approvals === 'free') return [403, { message: '403 Forbidden' }];
    if (!r) return [404, { message: '404 Not found' }];
    r.approvalRules ??= {};
    const toRule = (name: string) => ({
      id: ruleIdsOf.get(`${r.number}/${name}`),
      name,
      approvals_required: 1,
      groups: r.approvalRules![name]!.map((p) => groups.find((g) => g.full_path === p)),
    });
    if (call.method === 'GET') return [200, Object.keys(r.approvalRules).map(toRule)];
    if (approvals === 'locked') return [403, { message: '403 Forbidden' }];
    const name = String(call.body.name ?? '');
    const ids = (call.body.group_ids as number[] | undefined) ?? [];
    const paths = ids.map((id) => groups.find((g) => g.id === Number(id))?.full_path);
    if (!name || paths.some((p) => !p)) return [400, { message: 'group_ids is invalid' }];
    if (call.method === 'POST') ruleIdsOf.set(`${r.number}/${name}`, ++ruleIds);
    else if (![...ruleIdsOf.entries()].some(([k, id]) => k === `${r.number}/${name}` && id === Number(ruleId)))
      return [404, { message: '404 Not found' }];
    r.approvalRules[name] = paths as string[];
    return [call.method === 'POST' ? 201 : 200, toRule(name)];
  };

  const answer = (call: StandInCall): StandInAnswer => {
    if (failing) return [failing, { message: failing === 401 ? '401 Unauthorized' : '503 Service Unavailable' }];
    if (call.headers['private-token'] !== options.token) return [401, { message: '401 Unauthorized' }];
    follow();
    const { method, path, body, query } = call;
    if (path === `${prefix}/api/v4/users` && method === 'GET') {
      return [200, users.filter((u) => u.username === query.get('username'))];
    }
    const group = new RegExp(`^${escape(prefix)}/api/v4/groups/([^/]+)$`).exec(path);
    if (group && method === 'GET') {
      const found = groups.find((g) => g.full_path === decodeURIComponent(group[1]!));
      return found ? [200, found] : [404, { message: '404 Group Not Found' }];
    }
    if (path === `${project}/approvals` && method === 'GET') {
      if (approvals === 'free') return [403, { message: '403 Forbidden' }];
      return [
        200,
        { approvals_before_merge: 0, disable_overriding_approvers_per_merge_request: approvals === 'locked' },
      ];
    }
    const rules = new RegExp(`^${escape(project)}/merge_requests/(\\d+)/approval_rules(?:/(\\d+))?$`).exec(path);
    if (rules) {
      const r = reviews.find((x) => x.number === Number(rules[1]));
      if ((method === 'GET' || method === 'POST') && rules[2] === undefined) return answerApprovals(r, call);
      if (method === 'PUT' && rules[2] !== undefined) return answerApprovals(r, call, rules[2]);
    }
    if (path === `${project}/merge_requests` && method === 'GET') {
      const state = query.get('state');
      const list = reviews
        .filter((r) => !state || state === 'all' || (state === 'opened' ? r.state === 'open' : r.state === state))
        .filter((r) => !query.get('source_branch') || r.head === query.get('source_branch'))
        .filter((r) => !query.get('target_branch') || r.base === query.get('target_branch'))
        .reverse();
      return [200, list.map(toMergeRequest)];
    }
    if (path === `${project}/merge_requests` && method === 'POST') {
      const head = body.source_branch as string | undefined;
      const base = body.target_branch as string | undefined;
      const title = body.title as string | undefined;
      if (!head || !base || !title) return [400, { error: 'source_branch, target_branch, title are missing' }];
      const open = reviews.find((r) => r.state === 'open' && r.head === head && r.base === base);
      if (open) {
        return [
          409,
          { message: [`Another open merge request already exists for this source branch: !${open.number}`] },
        ];
      }
      const review: StandInReview = {
        number: reviews.length + 1,
        head,
        base,
        title,
        body: String(body.description ?? ''),
        state: 'open',
        headSha: headOf(head),
        labels: commaList(body.labels),
        reviewers: [],
        comments: [],
        author: options.author ?? 'platter-bot',
        draft: false,
        createdAt: new Date(Date.UTC(2026, 11, 1, 0, reviews.length + 1)).toISOString(),
      };
      const refused = setReviewers(review, body.reviewer_ids);
      if (refused) return refused;
      reviews.push(review);
      return [201, toMergeRequest(review)];
    }
    const notes = new RegExp(`^${escape(project)}/merge_requests/(\\d+)/notes(?:/(\\d+))?$`).exec(path);
    if (notes) {
      const r = reviews.find((x) => x.number === Number(notes[1]));
      if (!r) return [404, { message: '404 Not found' }];
      if (notes[2] === undefined && method === 'GET') return [200, [...r.comments].reverse()];
      if (notes[2] === undefined && method === 'POST') {
        if (typeof body.body !== 'string' || !body.body) return [400, { message: { note: ["can't be blank"] } }];
        const note = { id: ++noteIds, body: body.body };
        r.comments.push(note);
        return [201, note];
      }
      const note = r.comments.find((c) => c.id === Number(notes[2]));
      if (!note) return [404, { message: '404 Note Not Found' }];
      if (method === 'PUT' && typeof body.body === 'string') note.body = body.body;
      return [200, note];
    }
    const m = new RegExp(`^${escape(project)}/merge_requests/(\\d+)$`).exec(path);
    if (m && (method === 'PUT' || method === 'GET')) {
      const r = reviews.find((x) => x.number === Number(m[1]));
      if (!r) return [404, { message: '404 Not found' }];
      if (method === 'PUT') {
        if (typeof body.title === 'string') r.title = body.title;
        if (typeof body.description === 'string') r.body = body.description;
        if (body.labels !== undefined) r.labels = commaList(body.labels);
        for (const l of commaList(body.add_labels)) if (!r.labels.includes(l)) r.labels.push(l);
        const refused = setReviewers(r, body.reviewer_ids);
        if (refused) return refused;
      }
      return [200, toMergeRequest(r)];
    }
    return [404, { message: '404 Not Found' }];
  };

  const server = await startStandInServer(answer);
  webBaseUrl ||= `${server.url}${prefix}`;
  return {
    kind: 'gitlab',
    apiBaseUrl: `${server.url}${prefix}/api/v4`,
    webBaseUrl,
    requests: server.requests,
    reviews,
    push: (branch, sha) => void branches.set(branch, sha),
    closeReview: (n) => setState(reviews, n, 'closed', follow),
    mergeReview: (n) => setState(reviews, n, 'merged', follow),
    failWith: (status) => void (failing = status),
    close: server.close,
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
