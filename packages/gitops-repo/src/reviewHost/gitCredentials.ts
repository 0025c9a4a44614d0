/**
 * The remote with a token as its HTTP credentials, for git to push with:
 * `x-access-token:<token>@` on GitHub (installation and personal tokens),
 * `oauth2:<token>@` on GitLab (personal, project and group access tokens).
 * A URL that already carries credentials, or a path, is left as it is;
 * applyRequest masks credentials in every message.
 */
export function withGitCredentials(remote: string, username: string, token: string | undefined): string {
  if (!token) return remote;
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return remote;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return remote;
  if (url.username || url.password) return remote;
  url.username = username;
  url.password = token;
  return url.href;
}
