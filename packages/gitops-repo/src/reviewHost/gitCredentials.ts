import { secretsOfRemote } from '../git/_redact';
import type { GitAccess } from '../git/_runGit';

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

/** HTTP credentials git sends to a remote: a host token as Basic user and password. */
export interface GitHttpCredentials {
  /** `x-access-token` (GitHub), `oauth2` (GitLab), or a user name. */
  readonly username: string;
  readonly password: string;
}

/** Where a clone gets its credentials from, asked before each fetch (an App installation token expires). */
export type GitCredentialsSource = () => Promise<GitHttpCredentials | undefined>;

/**
 * The environment that makes git send `credentials` as a Basic `Authorization`
 * header with every HTTP request to `remote`'s origin (`http.<url>.extraHeader`
 * through `GIT_CONFIG_COUNT`, git 2.31+). Unlike credentials in the URL, they
 * reach neither the command line (`ps`) nor the clone's `.git/config`, and the
 * token is asked for on every fetch. Empty for a path, ssh or scp-like remote,
 * and without credentials.
 */
export function gitHttpAuthEnv(
  remote: string,
  credentials: GitHttpCredentials | undefined,
): Readonly<Record<string, string>> {
  if (!credentials) return {};
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return {};
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return {};
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${url.protocol}//${url.host}/.extraHeader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
  };
}

/**
 * What every git command against `remote` runs with (clones beside the
 * mirror's: the mirror, the history clone): the credentials as a header
 * (gitHttpAuthEnv), and the secrets error messages mask (the URL's user info,
 * the token).
 */
export function gitAccess(remote: string, credentials: GitHttpCredentials | undefined): Required<GitAccess> {
  return {
    secrets: [...secretsOfRemote(remote), ...(credentials ? [credentials.password] : [])],
    env: gitHttpAuthEnv(remote, credentials),
  };
}
