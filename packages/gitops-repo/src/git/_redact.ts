/**
 * Keeps credentials out of messages (never re-exported). A remote such as
 * `https://user:token@host/repo.git` is cloned as given, but nothing Platter
 * reports may show the user info: git's own stderr can echo the URL, and a
 * token can also appear decoded or bare, so both the URL form and the literal
 * secrets of the remote are masked.
 */

const MASK = '***';

/** `scheme://userinfo@` in any text: the user info is masked (ssh users too: it costs little). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"<>]+@/gi;

/** A remote URL (or path) with its user info masked: what messages show of a remote. */
export function redactUrl(url: string): string {
  return url.replace(URL_USERINFO, `$1${MASK}@`);
}

/**
 * The secrets a remote URL carries, raw and decoded, longest first: the password
 * of `user:password@`, or the user of `token@` when it looks like a token (8+
 * characters). Plain short user names (`git@`) are not masked literally: they
 * would mask ordinary words, and the URL form is masked anyway.
 */
export function secretsOfRemote(remote: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/@]+)@/i.exec(remote);
  if (!m) return [];
  const colon = m[1]!.indexOf(':');
  const secret = colon >= 0 ? m[1]!.slice(colon + 1) : m[1]!;
  if (secret.length < (colon >= 0 ? 4 : 8)) return [];
  const out = new Set<string>([secret]);
  try {
    out.add(decodeURIComponent(secret));
  } catch {
    // A malformed escape: the raw form is masked all the same.
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Masks URL user info and the given literal secrets in a text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_USERINFO, `$1${MASK}@`);
  for (const s of secrets) out = out.split(s).join(MASK);
  return out;
}
