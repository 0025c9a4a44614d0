import {
  DefaultGithubCredentialsProvider,
  DefaultGitlabCredentialsProvider,
  type GithubCredentialsProvider,
  type GitlabCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type { GitCredentialsSource } from '@platter/gitops-repo';
import { httpRemoteUrl } from './httpRemoteUrl';

export interface GitCredentialsForOptions {
  /** @default DefaultGithubCredentialsProvider.fromIntegrations(integrations) */
  readonly githubCredentials?: GithubCredentialsProvider;
  /** @default DefaultGitlabCredentialsProvider.fromIntegrations(integrations) */
  readonly gitlabCredentials?: GitlabCredentialsProvider;
}

/**
 * Where git gets HTTP credentials for an https GitOps remote, from Backstage's
 * integrations (the credentials providers Backstage's own Git readers use):
 * on GitHub the provider's token (a configured token, or a GitHub App
 * installation token minted for the repository, renewed before it expires) as
 * `x-access-token`; on GitLab the integration's token as `oauth2`, the user
 * names both hosts document for tokens over HTTPS. The source is asked before
 * each fetch. Undefined when no integration serves the remote's host, or the
 * remote is a path or an ssh address (ssh keys are git's own business).
 */
export function gitCredentialsFor(
  remote: string,
  integrations: ScmIntegrationRegistry,
  options: GitCredentialsForOptions = {},
): GitCredentialsSource | undefined {
  const url = httpRemoteUrl(remote);
  if (!url) return undefined;
  // The repository's web address: what the providers match the integration (and a GitHub App installation) by.
  const repoUrl = `${url.protocol}//${url.host}${url.pathname.replace(/\.git$/, '').replace(/\/$/, '')}`;
  if (integrations.github.byHost(url.host)) {
    const provider = options.githubCredentials ?? DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    return async () => {
      const { token } = await provider.getCredentials({ url: repoUrl });
      return token ? { username: 'x-access-token', password: token } : undefined;
    };
  }
  if (integrations.gitlab.byHost(url.host)) {
    const provider = options.gitlabCredentials ?? DefaultGitlabCredentialsProvider.fromIntegrations(integrations);
    return async () => {
      const { token } = await provider.getCredentials({ url: repoUrl });
      return token ? { username: 'oauth2', password: token } : undefined;
    };
  }
  return undefined;
}
