import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';

/**
 * The GitHub side of `platter:publish` (mode `pull-request`): which GitHub
 * integration serves the GitOps repository, the token for git and for the REST
 * API (ScmIntegrations + GithubCredentialsProvider: a configured token or a
 * GitHub App installation), web links, and creating or reusing the pull request
 * of a pushed branch through the REST API (`apiBaseUrl` of the integration).
 *
 * The GitHub API cannot be reached from the machines this is built and tested
 * on: github.test.ts and publish.test.ts run it against a small HTTP stand-in on
 * 127.0.0.1 (src/testing/githubStandIn.ts) that answers the two endpoints used
 * here the way the GitHub REST API documents them.
 */
export interface GithubRepository {
  /** Web origin of the host, `https://github.com` (the remote URL's scheme and host). */
  readonly webBaseUrl: string;
  readonly apiBaseUrl: string;
  readonly owner: string;
  readonly repo: string;
  /** `https://github.com/<owner>/<repo>`: what credentials are asked for. */
  readonly url: string;
}

/** The GitHub repository a remote URL points at, when a GitHub integration serves its host. */
export function githubRepositoryOf(remote: string, integrations: ScmIntegrationRegistry): GithubRepository | undefined {
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined; // a path or scp-like remote: no host Backstage knows
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const integration = integrations.github.byHost(url.host);
  const apiBaseUrl = integration?.config.apiBaseUrl;
  const [owner, repoGit] = url.pathname.split('/').filter(Boolean);
  if (!integration || !apiBaseUrl || !owner || !repoGit) return undefined;
  const repo = repoGit.replace(/\.git$/, '');
  const webBaseUrl = `${url.protocol}//${url.host}`;
  return { webBaseUrl, apiBaseUrl, owner, repo, url: `${webBaseUrl}/${owner}/${repo}` };
}

/** The token for a GitHub repository (undefined when the integration has none). */
export async function githubToken(
  repository: GithubRepository,
  credentials: GithubCredentialsProvider,
): Promise<string | undefined> {
  return (await credentials.getCredentials({ url: repository.url })).token;
}

/**
 * The remote with the token as its HTTP credentials (`x-access-token:<token>@`,
 * what GitHub accepts for installation and personal tokens). A URL that already
 * carries credentials is left as it is. applyRequest masks them in every message.
 */
export function withGitCredentials(remote: string, token: string | undefined): string {
  if (!token) return remote;
  const url = new URL(remote);
  if (url.username || url.password) return remote;
  url.username = 'x-access-token';
  url.password = token;
  return url.href;
}

export const commitUrlOf = (r: GithubRepository, commit: string) =>
  `${r.webBaseUrl}/${r.owner}/${r.repo}/commit/${commit}`;

export interface PullRequest {
  readonly number: number;
  readonly url: string;
  /** False when an open pull request of the branch existed already. */
  readonly created: boolean;
}

export interface PullRequestOptions {
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly token?: string;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
}

/**
 * The open pull request of `head` into `base`, created when there is none
 * (`GET /repos/{owner}/{repo}/pulls?head=owner:branch&base=…&state=open`, then
 * `POST /repos/{owner}/{repo}/pulls`). A 422 on create (someone opened it in
 * between) is answered by looking again. Other API failures throw a plain
 * Error: they are not the user's mistake.
 */
export async function ensurePullRequest(r: GithubRepository, options: PullRequestOptions): Promise<PullRequest> {
  const fetchImpl = options.fetch ?? fetch;
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'platter-scaffolder-backend-module',
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
  };
  const pulls = `${r.apiBaseUrl}/repos/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.repo)}/pulls`;
  const findOpen = async (): Promise<PullRequest | undefined> => {
    const query = new URLSearchParams({ state: 'open', head: `${r.owner}:${options.head}`, base: options.base });
    const res = await fetchImpl(`${pulls}?${query}`, { headers });
    if (!res.ok) throw await apiError('GET', pulls, res);
    const list = (await res.json()) as { number: number; html_url: string }[];
    const found = list[0];
    return found ? { number: found.number, url: found.html_url, created: false } : undefined;
  };

  const existing = await findOpen();
  if (existing) return existing;
  const res = await fetchImpl(pulls, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: options.title,
      head: options.head,
      base: options.base,
      body: options.body,
      maintainer_can_modify: true,
    }),
  });
  if (res.status === 422) {
    const raced = await findOpen();
    if (raced) return raced;
  }
  if (!res.ok) throw await apiError('POST', pulls, res);
  const created = (await res.json()) as { number: number; html_url: string };
  return { number: created.number, url: created.html_url, created: true };
}

async function apiError(method: string, url: string, res: Response): Promise<Error> {
  let message = '';
  try {
    message = ((await res.json()) as { message?: string }).message ?? '';
  } catch {
    // not JSON: the status says enough
  }
  return new Error(`GitHub API ${method} ${url} answered ${res.status}${message ? `: ${message}` : ''}`);
}
