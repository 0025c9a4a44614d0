import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { createGithubReviewHost, createGitlabReviewHost, type ReviewHost } from '@platter/gitops-repo';
import { httpRemoteUrl } from './httpRemoteUrl';

export interface ReviewHostForOptions {
  /** @default DefaultGithubCredentialsProvider.fromIntegrations(integrations): a token or a GitHub App installation */
  readonly githubCredentials?: GithubCredentialsProvider;
  /** Retries of failed GitHub calls. @default 3 */
  readonly retries?: number;
}

/**
 * The review host of a GitOps remote, from Backstage's integrations
 * (`integrations.github` / `integrations.gitlab` in app-config): GitHub with the
 * credentials provider's token (a configured token, or a GitHub App
 * installation token minted per call); GitLab with the integration's token and
 * its API base URL (self-managed hosts, also under a relative URL root).
 * Undefined when no integration serves the remote's host, or the remote is a
 * path or an scp-like address: then publish pushes a branch and opens no review.
 */
export function reviewHostFor(
  remote: string,
  integrations: ScmIntegrationRegistry,
  options: ReviewHostForOptions = {},
): ReviewHost | undefined {
  const url = httpRemoteUrl(remote);
  if (!url) return undefined;
  const webBaseUrl = `${url.protocol}//${url.host}`;
  const github = integrations.github.byHost(url.host);
  if (github?.config.apiBaseUrl) {
    const [owner, repoGit] = url.pathname.split('/').filter(Boolean);
    if (!owner || !repoGit) return undefined;
    const repo = repoGit.replace(/\.git$/, '');
    const credentials = options.githubCredentials ?? DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    return createGithubReviewHost({
      apiBaseUrl: github.config.apiBaseUrl,
      webBaseUrl,
      owner,
      repo,
      token: async () => (await credentials.getCredentials({ url: `${webBaseUrl}/${owner}/${repo}` })).token,
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
    });
  }
  const gitlab = integrations.gitlab.byHost(url.host);
  if (gitlab) {
    // A self-managed GitLab under a relative URL root (https://example.com/gitlab): the project path follows it.
    const root = new URL(gitlab.config.baseUrl).pathname.replace(/\/$/, '');
    const path = url.pathname.replace(/\.git$/, '').replace(/\/$/, '');
    const projectPath = (path.startsWith(`${root}/`) ? path.slice(root.length) : path).replace(/^\//, '');
    if (!projectPath.includes('/')) return undefined;
    return createGitlabReviewHost({
      apiBaseUrl: gitlab.config.apiBaseUrl,
      webBaseUrl: gitlab.config.baseUrl,
      projectPath,
      token: async () => gitlab.config.token,
    });
  }
  return undefined;
}
