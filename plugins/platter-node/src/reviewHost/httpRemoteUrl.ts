/**
 * A GitOps remote as an http(s) URL, or undefined for a path or an ssh/scp-like address: only an http(s)
 * remote is served by a Backstage integration (its review host and its git credentials alike).
 */
export function httpRemoteUrl(remote: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}
