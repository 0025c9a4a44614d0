import semver from 'semver';
import { diagnostic, type Diagnostic } from '../errors';

/**
 * Versions of menu components and app pins are strict SemVer 2.0 (via the `semver`
 * package): `1.2.3`, `1.3.0-rc.1`. No `v` prefix, no ranges: a pin is one version.
 */
export const isValidVersion = (v: unknown): v is string => typeof v === 'string' && factsOf(v).valid;

export const isPrerelease = (v: string): boolean => factsOf(v).prerelease;

/**
 * What the rules ask of a version string, parsed once per string: a fleet pins
 * a few dozen distinct versions, and the rules asked semver to parse each pin of
 * 300 apps again on every plan (issue 17). At most MAX_KEPT_VERSIONS strings
 * are kept (then forgotten at once), so a long-running backend stays bounded.
 */
const VERSION_FACTS = new Map<string, { readonly valid: boolean; readonly prerelease: boolean }>();
const MAX_KEPT_VERSIONS = 10_000;

function factsOf(v: string): { readonly valid: boolean; readonly prerelease: boolean } {
  let facts = VERSION_FACTS.get(v);
  if (!facts) {
    if (VERSION_FACTS.size >= MAX_KEPT_VERSIONS) VERSION_FACTS.clear();
    facts = { valid: semver.valid(v) === v, prerelease: (semver.prerelease(v)?.length ?? 0) > 0 };
    VERSION_FACTS.set(v, facts);
  }
  return facts;
}

/** Ascending SemVer order (prereleases before their release). */
export const compareVersions = (a: string, b: string): number => semver.compare(a, b);

export const sortVersions = (versions: Iterable<string>): string[] => [...versions].sort(compareVersions);

export function checkVersion(v: unknown, what: string, path?: string): Diagnostic | undefined {
  if (isValidVersion(v)) return undefined;
  const hint =
    typeof v === 'string' && semver.valid(semver.clean(v) ?? '') ? ` (did you mean "${semver.clean(v)}"?)` : '';
  return diagnostic('InvalidSemVer', `${what} ${JSON.stringify(v)} is not a SemVer version like 1.2.3${hint}`, path);
}

/** Today's date as `YYYY-MM-DD` in UTC, the format of `lifecycle.sunset`. */
export const isoDate = (now: Date): string => now.toISOString().slice(0, 10);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A calendar date `YYYY-MM-DD` that exists: `Date.parse` rolls 2027-02-31 over to
 * March 3rd instead of refusing it (issue 22 item 9), so the date must read back
 * as itself.
 */
export const isValidIsoDate = (d: unknown): d is string => {
  if (typeof d !== 'string' || !ISO_DATE.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
};
