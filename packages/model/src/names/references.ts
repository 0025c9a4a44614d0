import { diagnostic, type Diagnostic } from '../errors';

/**
 * References Platter writes for Flux and Kubernetes to follow, checked with the
 * rules those consumers apply (issue 22 items 3 and 8), so a plan never writes
 * what Flux or the kubelet would reject later:
 *
 * - a chart repository (`HelmRepository.spec.url`, or `OCIRepository`): an
 *   `https://` (or `http://`) Helm repository or an `oci://` registry path,
 *   with a host, no whitespace or control characters, no `.`/`..` segments, no
 *   query or fragment; an OCI path is lower case, as the distribution spec's
 *   repository names are. No `user:password@`: credentials belong in a Secret
 *   (`secretRef`), not in a file everyone can read (CredentialsInUrl);
 * - an image without its tag (the app's version is the tag): the
 *   distribution/reference grammar, `[registry[:port]/]component(/component)*`,
 *   components `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`, at most 255 characters;
 * - any text a request carries: well-formed UTF-16, no lone surrogate (it
 *   cannot be written as UTF-8: kustomize fails on the replacement it gets).
 */

const MAX_URL_LENGTH = 2048;
const MAX_IMAGE_LENGTH = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether a string is well-formed UTF-16 (no lone surrogate). */
export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

/** Why a chart repository URL is refused, or undefined when Flux can use it. `credentials` when it carries user info. */
export function chartRepositoryProblem(
  url: unknown,
): { readonly why: string; readonly credentials?: true } | undefined {
  if (typeof url !== 'string' || !url) return { why: 'it is empty' };
  if (url.length > MAX_URL_LENGTH) return { why: `it has ${url.length} characters (at most ${MAX_URL_LENGTH})` };
  if (!isWellFormedText(url) || CONTROL_OR_SPACE.test(url))
    return { why: 'it contains whitespace or control characters' };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  if (!scheme || !['https', 'http', 'oci'].includes(scheme[1]!.toLowerCase()))
    return { why: 'it must be an https:// or oci:// URL' };
  const rest = scheme[2]!;
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  if (authority.includes('@'))
    return {
      why: 'it carries credentials (user:password@): put them in a Secret the source references, not in the URL',
      credentials: true,
    };
  if (!HOST.test(authority)) return { why: `its host ${JSON.stringify(authority)} is not a host name` };
  if (/[?#]/.test(tail)) return { why: 'it has a query or fragment' };
  const segments = tail.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..' || /%2e%2e|%2f/i.test(s)))
    return { why: 'it has "." or ".." segments' };
  if (scheme[1]!.toLowerCase() === 'oci') {
    const path = segments.filter((s, i) => s || i < segments.length - 1);
    if (!path.length || path.some((s) => !COMPONENT.test(s)))
      return { why: 'an oci:// path is lower-case registry path components (oci://ghcr.io/org/charts)' };
  }
  return undefined;
}

/** InvalidManifest (or CredentialsInUrl) for a chart repository URL Flux would reject or that leaks credentials. */
export function checkChartRepository(url: unknown, what: string, path?: string): Diagnostic | undefined {
  const problem = chartRepositoryProblem(url);
  if (!problem) return undefined;
  const shown = problem.credentials ? redactUserInfo(String(url)) : JSON.stringify(url);
  return diagnostic(
    problem.credentials ? 'CredentialsInUrl' : 'InvalidManifest',
    `${what} ${shown} is not a chart repository Flux can use: ${problem.why}`,
    path,
  );
}

/** Why an image reference (without tag) is refused, or undefined. */
export function imageProblem(image: unknown): string | undefined {
  if (typeof image !== 'string' || !image) return 'it is empty';
  if (image.length > MAX_IMAGE_LENGTH) return `it has ${image.length} characters (at most ${MAX_IMAGE_LENGTH})`;
  if (!isWellFormedText(image) || CONTROL_OR_SPACE.test(image)) return 'it contains whitespace or control characters';
  if (image.includes('@')) return 'it has a digest: give the image without tag or digest (the app version is the tag)';
  const parts = image.split('/');
  const first = parts[0]!;
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry && !HOST.test(first)) return `its registry ${JSON.stringify(first)} is not a host name`;
  const path = hasRegistry ? parts.slice(1) : parts;
  const last = path[path.length - 1] ?? '';
  if (last.includes(':')) return 'it has a tag: give the image without tag (the app version is the tag)';
  if (!path.length || path.some((c) => !COMPONENT.test(c)))
    return 'its path must be lower-case components of a-z, 0-9, ".", "_", "-" separated by "/" (ghcr.io/org/app)';
  return undefined;
}

export function checkImage(image: unknown, what: string, path?: string): Diagnostic | undefined {
  const problem = imageProblem(image);
  return problem
    ? diagnostic('InvalidManifest', `${what} ${JSON.stringify(image)} is not an image reference: ${problem}`, path)
    : undefined;
}

/** The URL with its user info masked: what a message may show. */
export const redactUserInfo = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
