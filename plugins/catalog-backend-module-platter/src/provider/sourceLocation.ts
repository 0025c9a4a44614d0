/**
 * The web address of a directory of the GitOps repository, for an entity's
 * `backstage.io/source-location` (issue 23 item 3: View Source opens the env's
 * own `envs/<env>`, not the whole repository). Hosts lay out their tree pages
 * differently: GitLab `<repo>/-/tree/<branch>/<dir>`, Bitbucket Cloud
 * `<repo>/src/<branch>/<dir>`, and GitHub, Gitea and Forgejo
 * `<repo>/tree/<branch>/<dir>`, the default for any other https host. An scp-like
 * remote (`git@host:org/repo.git`) is browsed over https; user info (masked or
 * not) never goes into the address. A local repository (a path or file://, the
 * demo's) has no web page: with `browseUrl` (the backend's read-only tree view,
 * `<platter backend>/source`) its address is the directory there, which a
 * browser opens; without, the directory inside the repository's path.
 *
 * `sourceLocationOf('https://github.com/org/fleet.git', 'main', 'envs/prod-eu')`
 * is `url:https://github.com/org/fleet/tree/main/envs/prod-eu/`.
 */
export function sourceLocationOf(repositoryUrl: string, branch: string, dir: string, browseUrl?: string): string {
  const base = webBaseOf(repositoryUrl);
  if (!base && browseUrl) return `url:${browseUrl.replace(/\/+$/, '')}/${dir}/`;
  if (!base) {
    const path = repositoryUrl.replace(/^file:\/\//, '').replace(/\/+$/, '');
    return `url:file://${path}/${dir}/`;
  }
  const host = new URL(base).hostname;
  const ref = branch.split('/').map(encodeURIComponent).join('/');
  const tree = host.includes('gitlab') ? '-/tree' : host === 'bitbucket.org' ? 'src' : 'tree';
  return `url:${base}/${tree}/${ref}/${dir}/`;
}

/** `https://host/org/repo` of a remote URL (https, http, ssh://, scp-like), or undefined for a local repository. */
function webBaseOf(url: string): string | undefined {
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(url);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return `https://${scp[1]}/${trimRepo(scp[2]!)}`;
  const remote = /^(?:https?|ssh|git):\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+)$/i.exec(url);
  if (!remote) return undefined;
  const scheme = /^http:/i.test(url) ? 'http' : 'https';
  // An ssh port is not the web port; an http(s) one is.
  const port = /^https?:/i.test(url) ? (/^https?:\/\/(?:[^@/]*@)?[^/:]+(:\d+)/i.exec(url)?.[1] ?? '') : '';
  return `${scheme}://${remote[1]}${port}/${trimRepo(remote[2]!)}`;
}

const trimRepo = (path: string) => path.replace(/\/+$/, '').replace(/\.git$/, '');
