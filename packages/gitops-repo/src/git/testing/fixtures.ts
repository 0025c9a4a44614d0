import { parseRequest, type Actor, type ChangeRequest } from '@platter/model';
import { REQUEST_TRAILER, REQUESTED_BY_TRAILER } from '../commitMessage';
import { runGit } from '../_runGit';

/** TEST-ONLY: requests, actors and remote inspection shared by the git suites. */

export const NOW = new Date('2026-11-27T12:00:00Z');

/** Exit code of applyChild.ts dying by `process.exit` (tells a planned death from a failure). */
export const CHILD_DIED_CODE = 86;
export const TEAM_A: Actor = { kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' };
export const PLATFORM: Actor = { kind: 'platform', user: 'user:default/ops' };

/**
 * OnboardApp of the example fleet: a team-a app bound to stage staging, as one
 * submission (`requestId` task-<name>): applying it again is a retry of that
 * submission. `{ requestId: undefined }` makes each call a new submission.
 */
export const onboardApp = (name: string, extra: Record<string, unknown> = {}): ChangeRequest =>
  parseRequest({
    kind: 'OnboardApp',
    requestId: `task-${name}`,
    name,
    tenant: 'team-a',
    source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: name },
    targets: [{ stage: 'staging' }],
    version: '0.1.0',
    ...extra,
  });

/** EnableAddon on a stage: platform paths (stages/). */
export const enableMetricsInStaging: ChangeRequest = parseRequest({
  kind: 'EnableAddon',
  service: 'ingress-nginx',
  addon: 'metrics',
  stage: 'staging',
});

const out = async (cwd: string, args: string[], okCodes: number[] = []) =>
  (await runGit(args, { cwd, okCodes })).stdout;

/** Every ref of a (bare) repository with its commit: equal before and after means untouched. */
export const refsOf = async (repo: string): Promise<string> =>
  out(repo, ['for-each-ref', '--format=%(refname) %(objectname)']);

export const revParse = async (repo: string, rev: string): Promise<string> =>
  (await out(repo, ['rev-parse', '--verify', rev])).trim();

/** Paths a commit changed, sorted. */
export const changedPaths = async (repo: string, commit: string): Promise<string[]> =>
  (await out(repo, ['show', '--name-only', '--format=', '--no-renames', commit])).split('\n').filter(Boolean).sort();

/** Subject lines of `ref`'s history, newest first. */
export const subjects = async (repo: string, ref: string): Promise<string[]> =>
  (await out(repo, ['log', '--format=%s', ref])).split('\n').filter(Boolean);

/** Merge commits reachable from `ref` (Platter's history must stay linear). */
export const merges = async (repo: string, ref: string): Promise<string[]> =>
  (await out(repo, ['log', '--merges', '--format=%H', ref])).split('\n').filter(Boolean);

/** Platter-Request and Requested-By trailer values of one commit, as git parses them. */
export async function trailersOf(repo: string, commit: string): Promise<{ request: string[]; requestedBy: string[] }> {
  const values = async (key: string) =>
    (await out(repo, ['log', '-1', `--format=%(trailers:key=${key},valueonly)`, commit])).split('\n').filter(Boolean);
  return { request: await values(REQUEST_TRAILER), requestedBy: await values(REQUESTED_BY_TRAILER) };
}

/** Platter-Request values on the whole history of `ref`, oldest first. */
export const requestHashesOn = async (repo: string, ref: string): Promise<string[]> =>
  (await out(repo, ['log', '--reverse', `--format=%(trailers:key=${REQUEST_TRAILER},valueonly)`, ref]))
    .split('\n')
    .filter(Boolean);

export const showFile = (repo: string, ref: string, path: string): Promise<string> =>
  out(repo, ['show', `${ref}:${path}`]);

/** Whether any file of `ref`'s tree contains `text` (git grep over the pushed tree, not a checkout). */
export async function treeContains(repo: string, ref: string, text: string): Promise<boolean> {
  const { code } = await runGit(['grep', '--quiet', '--fixed-strings', '-e', text, ref, '--'], {
    cwd: repo,
    okCodes: [1],
  });
  return code === 0;
}

/** Calls `fn` and returns what it threw (fails when it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure, got none');
}
