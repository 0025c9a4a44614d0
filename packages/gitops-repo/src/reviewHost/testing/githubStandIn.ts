import { createPublicKey, verify } from 'node:crypto';
import { startStandInServer, type StandInAnswer, type StandInCall } from './standInServer';
import type { ReviewStandIn, StandInOptions, StandInReview } from './reviewStandIn';

/**
 * TEST-ONLY: a stand-in for the GitHub REST API endpoints createGithubReviewHost
 * uses, on 127.0.0.1, because github.com cannot be reached from the machines
 * Platter is built and tested on. It answers as GitHub documents them:
 *
 * - `GET /repos/{owner}/{repo}/pulls` (`state`, `head=owner:branch`, `base`; newest first)
 *   https://docs.github.com/rest/pulls/pulls#list-pull-requests
 * - `POST /repos/{owner}/{repo}/pulls`: 201; 422 when an open pull request of that head and base exists
 *   https://docs.github.com/rest/pulls/pulls#create-a-pull-request
 * - `GET /repos/{owner}/{repo}/pulls/{pull_number}`
 *   https://docs.github.com/rest/pulls/pulls#get-a-pull-request
 * - `PATCH /repos/{owner}/{repo}/pulls/{pull_number}` (`title`, `body`)
 *   https://docs.github.com/rest/pulls/pulls#update-a-pull-request
 * - `POST /repos/{owner}/{repo}/issues/{issue_number}/labels`: adds, answers every label of the issue
 *   https://docs.github.com/rest/issues/labels#add-labels-to-an-issue
 * - `POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers`: 201; 422 for a user
 *   who is not a collaborator https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request
 * - `GET` and `POST /repos/{owner}/{repo}/issues/{issue_number}/comments`, `PATCH
 *   /repos/{owner}/{repo}/issues/comments/{comment_id}` https://docs.github.com/rest/issues/comments
 *
 * With `app` (a GitHub App installed on the owner), also the two endpoints an
 * App's installation token comes from (https://docs.github.com/rest/apps/apps):
 * `GET /app/installations` and `POST /app/installations/{installation_id}/access_tokens`,
 * both authenticated by the App's JWT (RS256, `iss` the App id, checked against
 * its public key); the installation tokens they mint (`ghs_…`, one hour) are
 * accepted like `token`.
 *
 * Pull requests carry `head.sha`; an open one follows its branch, a closed or
 * merged one keeps the commit it was closed at (as on GitHub). They carry
 * `user` (the token's user, `author`), `draft`, `created_at`,
 * `requested_reviewers` and `requested_teams`. One page only.
 */
export async function startGithubStandIn(
  options: StandInOptions & {
    readonly owner: string;
    readonly repo: string;
    /** A GitHub App installed on `owner`: its id and public key (PEM). */
    readonly app?: { readonly appId: number; readonly publicKey: string };
  },
): Promise<ReviewStandIn & { readonly installationTokens: readonly string[] }> {
  const installationTokens: string[] = [];
  const reviews: StandInReview[] = [];
  const branches = new Map<string, string>();
  const headOf = (branch: string) => options.headOf?.(branch) ?? branches.get(branch) ?? '';
  const users = new Set(options.users ?? []);
  let commentIds = 0;
  let webBaseUrl = options.webBaseUrl ?? '';
  const base = `/repos/${options.owner}/${options.repo}`;

  const follow = () => {
    for (const r of reviews) if (r.state === 'open') r.headSha = headOf(r.head) || r.headSha;
  };
  const toPull = (r: StandInReview) => ({
    number: r.number,
    html_url: `${webBaseUrl}/${options.owner}/${options.repo}/pull/${r.number}`,
    state: r.state === 'open' ? 'open' : 'closed',
    merged_at: r.state === 'merged' ? '2026-12-01T00:00:00Z' : null,
    title: r.title,
    body: r.body,
    head: { ref: r.head, sha: r.headSha, label: `${options.owner}:${r.head}` },
    base: { ref: r.base },
    labels: r.labels.map((name) => ({ name })),
    requested_reviewers: r.reviewers.filter((x) => !x.includes('/')).map((login) => ({ login })),
    requested_teams: r.reviewers.filter((x) => x.includes('/')).map((t) => ({ slug: t.split('/')[1] })),
    user: { login: r.author },
    draft: r.draft,
    created_at: r.createdAt,
  });

  let failing: number | undefined;
  const answer = (call: StandInCall): StandInAnswer => {
    if (failing) return [failing, { message: failing === 401 ? 'Bad credentials' : 'Service Unavailable' }];
    const auth = call.headers.authorization ?? '';
    if (call.path.startsWith('/app/')) return answerApp(call, auth);
    const presented = auth.replace(/^(token|bearer) /i, '');
    if (presented !== options.token && !installationTokens.includes(presented))
      return [401, { message: 'Bad credentials' }];
    follow();
    const byNumber = (n: string) => reviews.find((r) => r.number === Number(n));
    const { method, path, body } = call;
    if (path === `${base}/pulls` && method === 'GET') {
      const state = call.query.get('state') ?? 'open';
      const head = call.query.get('head')?.replace(`${options.owner}:`, '');
      const baseRef = call.query.get('base');
      const list = reviews
        .filter((r) => state === 'all' || (state === 'open') === (r.state === 'open'))
        .filter((r) => (!head || r.head === head) && (!baseRef || r.base === baseRef))
        .reverse();
      return [200, list.map(toPull)];
    }
    if (path === `${base}/pulls` && method === 'POST') {
      const { title, head, base: baseRef } = body as { title?: string; head?: string; base?: string };
      if (!title || !head || !baseRef) return [422, { message: 'Validation Failed' }];
      if (reviews.some((r) => r.state === 'open' && r.head === head && r.base === baseRef)) {
        return [
          422,
          {
            message: 'Validation Failed',
            errors: [{ message: `A pull request already exists for ${options.owner}:${head}.` }],
          },
        ];
      }
      const review: StandInReview = {
        number: reviews.length + 1,
        head,
        base: baseRef,
        title,
        body: String(body.body ?? ''),
        state: 'open',
        headSha: headOf(head),
        labels: [],
        reviewers: [],
        comments: [],
        author: options.author ?? 'platter-bot',
        draft: false,
        createdAt: new Date(Date.UTC(2026, 11, 1, 0, reviews.length + 1)).toISOString(),
      };
      reviews.push(review);
      return [201, toPull(review)];
    }
    let m = new RegExp(`^${base}/pulls/(\\d+)$`).exec(path);
    if (m) {
      const r = byNumber(m[1]!);
      if (!r) return [404, { message: 'Not Found' }];
      if (method === 'PATCH') {
        if (typeof body.title === 'string') r.title = body.title;
        if (typeof body.body === 'string') r.body = body.body;
      }
      return [200, toPull(r)];
    }
    m = new RegExp(`^${base}/issues/(\\d+)/labels$`).exec(path);
    if (m && method === 'POST') {
      const r = byNumber(m[1]!);
      if (!r) return [404, { message: 'Not Found' }];
      for (const l of (body.labels as string[]) ?? []) if (!r.labels.includes(l)) r.labels.push(l);
      return [200, r.labels.map((name) => ({ name }))];
    }
    const toComment = (r: StandInReview, c: { id: number; body: string }) => ({
      id: c.id,
      body: c.body,
      html_url: `${webBaseUrl}/${options.owner}/${options.repo}/pull/${r.number}#issuecomment-${c.id}`,
    });
    m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(path);
    if (m) {
      const r = byNumber(m[1]!);
      if (!r) return [404, { message: 'Not Found' }];
      if (method === 'GET') return [200, r.comments.map((c) => toComment(r, c))];
      if (typeof body.body !== 'string') return [422, { message: 'Validation Failed' }];
      const comment = { id: ++commentIds, body: body.body };
      r.comments.push(comment);
      return [201, toComment(r, comment)];
    }
    m = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(path);
    if (m && method === 'PATCH') {
      const r = reviews.find((x) => x.comments.some((c) => c.id === Number(m![1])));
      const c = r?.comments.find((x) => x.id === Number(m![1]));
      if (!r || !c) return [404, { message: 'Not Found' }];
      c.body = String(body.body ?? c.body);
      return [200, toComment(r, c)];
    }
    m = new RegExp(`^${base}/pulls/(\\d+)/requested_reviewers$`).exec(path);
    if (m && method === 'POST') {
      const r = byNumber(m[1]!);
      if (!r) return [404, { message: 'Not Found' }];
      const logins = (body.reviewers as string[]) ?? [];
      if (logins.some((l) => !users.has(l))) {
        return [
          422,
          {
            message:
              'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository.',
          },
        ];
      }
      const teams = ((body.team_reviewers as string[]) ?? []).map((t) => `${options.owner}/${t}`);
      for (const x of [...logins, ...teams]) if (!r.reviewers.includes(x)) r.reviewers.push(x);
      return [201, toPull(r)];
    }
    return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }];
  };

  /** The App endpoints: only for a JWT the App's key signed, naming the App. */
  const answerApp = (call: StandInCall, auth: string): StandInAnswer => {
    const app = options.app;
    if (!app || !isAppJwt(auth.replace(/^bearer /i, ''), app))
      return [401, { message: 'A JSON web token could not be decoded' }];
    if (call.method === 'GET' && call.path === '/app/installations') {
      return [200, [{ id: 7, account: { login: options.owner }, suspended_at: null }]];
    }
    if (call.method === 'POST' && call.path === '/app/installations/7/access_tokens') {
      const token = `ghs_standin${installationTokens.length + 1}`;
      installationTokens.push(token);
      const expires = new Date(Date.now() + 3_600_000).toISOString();
      return [201, { token, expires_at: expires, repository_selection: 'all', permissions: {} }];
    }
    return [404, { message: 'Not Found' }];
  };

  const server = await startStandInServer(answer);
  webBaseUrl ||= server.url;
  return {
    installationTokens,
    kind: 'github',
    apiBaseUrl: server.url,
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

/** Closing or merging keeps the commit the review was at (both hosts do). */
export function setState(
  reviews: StandInReview[],
  number: number,
  state: 'closed' | 'merged',
  follow: () => void,
): void {
  follow();
  const r = reviews.find((x) => x.number === number);
  if (!r) throw new Error(`no review ${number}`);
  r.state = state;
}

/** An RS256 JWT signed by the App's private key whose `iss` is the App (GitHub's App authentication). */
function isAppJwt(jwt: string, app: { appId: number; publicKey: string }): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return false;
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey(app.publicKey),
    Buffer.from(signature, 'base64url'),
  );
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: number | string };
  return ok && String(claims.iss) === String(app.appId);
}
