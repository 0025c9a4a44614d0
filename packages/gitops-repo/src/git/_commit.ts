import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatterError, type Actor } from '@platter/model';
import type { CommittablePlan } from './commitMessage';
import {
  formatCommitMessage,
  parseTrailerValues,
  PLATTER_IDENTITY,
  REQUEST_TRAILER,
  type GitIdentity,
} from './commitMessage';
import { runGit, type GitRunOptions } from './_runGit';

/**
 * Staging, committing and trailer lookup shared by applyRequest and commitPlan
 * (never re-exported), so both write the same commits and read them the same way.
 */

/** How git runs for one repository: where, with which settings, masking which secrets. */
export type GitContext = Omit<GitRunOptions, 'input' | 'env' | 'okCodes'>;

export const git = (ctx: GitContext, args: readonly string[], extra: Partial<GitRunOptions> = {}) =>
  runGit(args, { ...ctx, ...extra });

export interface CommitPlanInput {
  readonly actor: Actor;
  readonly now?: Date;
  readonly author?: GitIdentity;
  /** `configured`: git's own (user.name/user.email of the repository). @default the author */
  readonly committer?: GitIdentity | 'configured';
  /** Run commit hooks (a user's checkout: yes; Platter's own temp clone: no). */
  readonly verify: boolean;
  /**
   * HEAD's commit, when the index holds its tree and nothing staged besides the
   * plan's paths (Platter's own clone: read-tree of the head, then the plan)
   * and no hook runs. The commit is then written with plumbing (write-tree,
   * commit-tree, update-ref): the commit `git commit --only` would make, without
   * its scan of every index entry against the work tree (about 150 ms on a
   * fleet of 15,000 files that are not checked out).
   */
  readonly exactIndexOn?: string;
}

/**
 * Stages exactly the plan's paths as they are on disk (new, modified, deleted;
 * also files a .gitignore would hide: the plan wrote them) and commits only
 * those paths with the plan's message, leaving anything else in the index
 * alone. Returns the new commit, or undefined when the paths already match HEAD.
 */
export async function commitPlanPaths(
  ctx: GitContext,
  plan: CommittablePlan,
  input: CommitPlanInput,
): Promise<string | undefined> {
  if (input.exactIndexOn !== undefined && input.verify)
    throw new Error('internal: a commit written with plumbing runs no hooks (verify: false)');
  const paths = plan.changes.map((c) => c.path);
  if (!paths.length) return undefined;
  const list = `${paths.join('\0')}\0`;
  // update-index takes literal paths (no pathspec magic) and --remove drops deleted ones.
  await git(ctx, ['update-index', '--add', '--remove', '-z', '--stdin'], { input: list });
  const literal = { GIT_LITERAL_PATHSPECS: '1' };
  const diff = await git(ctx, ['diff-index', '--cached', '--quiet', 'HEAD', '--', ...paths], {
    env: literal,
    okCodes: [1],
  });
  if (diff.code === 0) return undefined;

  const author = input.author ?? PLATTER_IDENTITY;
  const committer = input.committer === 'configured' ? undefined : (input.committer ?? author);
  const date = input.now ? `@${Math.floor(input.now.getTime() / 1000)} +0000` : undefined;
  const env: Record<string, string> = {
    ...literal,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    ...(committer ? { GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email } : {}),
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
  const message = formatCommitMessage(plan, input.actor);
  if (input.exactIndexOn !== undefined) return commitIndex(ctx, input.exactIndexOn, env, message);
  const scratch = await mkdtemp(join(tmpdir(), 'platter-commit-'));
  try {
    const pathspecFile = join(scratch, 'paths');
    await writeFile(pathspecFile, list);
    const args = [
      'commit',
      '--quiet',
      '--only',
      `--pathspec-from-file=${pathspecFile}`,
      '--pathspec-file-nul',
      '--file=-',
    ];
    if (!input.verify) args.push('--no-verify');
    await git(ctx, args, { env, input: message });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return (await git(ctx, ['rev-parse', 'HEAD'])).stdout.trim();
}

/**
 * The index committed on `head` (HEAD) as it is, moving HEAD (its branch) to
 * the new commit; HEAD elsewhere fails the update, as a lost race of `git
 * commit` would. The message goes in as formatCommitMessage wrote it: that
 * text is already what `git commit`'s whitespace cleanup would leave (a test
 * holds both ways to the same commit id).
 */
async function commitIndex(
  ctx: GitContext,
  head: string,
  env: Record<string, string>,
  message: string,
): Promise<string> {
  const tree = (await git(ctx, ['write-tree'])).stdout.trim();
  const commit = (await git(ctx, ['commit-tree', tree, '-p', head, '-F', '-'], { env, input: message })).stdout.trim();
  // Compare-and-swap on the head the commit was made on, as `git commit` does.
  await git(ctx, ['update-ref', '-m', 'commit: platter', 'HEAD', commit, head]);
  return commit;
}

/** One commit and the values of its Platter-Request trailer. */
export interface TrailerEntry {
  readonly commit: string;
  readonly requests: readonly string[];
}

const TRAILER_FORMAT = `--format=%H%x00%(trailers:key=${REQUEST_TRAILER},valueonly)%x1e`;

/**
 * The Platter-Request trailers of the commits reachable from `ref` (newest
 * first, at most `maxCount`, only what a shallow clone holds). With `grep`,
 * only commits whose message mentions that request are listed.
 */
export async function readRequestTrailers(
  ctx: GitContext,
  ref: string,
  options: { maxCount?: number; grep?: string } = {},
): Promise<TrailerEntry[]> {
  const args = ['log', TRAILER_FORMAT];
  if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
  if (options.grep !== undefined) args.push('--fixed-strings', `--grep=${REQUEST_TRAILER}: ${options.grep}`);
  args.push(ref, '--');
  const { stdout } = await git(ctx, args);
  return stdout
    .split('\x1e')
    .map((r) => r.replace(/^\n/, ''))
    .filter(Boolean)
    .map((record) => {
      const [commit, block = ''] = record.split('\0');
      return { commit: commit!.trim(), requests: parseTrailerValues(block) };
    });
}

/** Whether `actual` (a full commit id) is `expected` (a full id, or an abbreviation of 7+ hex digits). */
export function sameCommit(actual: string, expected: string): boolean {
  const e = expected.trim().toLowerCase();
  return actual === e || (e.length >= 7 && /^[0-9a-f]+$/.test(e) && actual.startsWith(e));
}

export const shortId = (commit: string): string => commit.slice(0, 12);

export function conflict(message: string, cause?: unknown, path?: string): PlatterError {
  return new PlatterError('Conflict', message, path, cause === undefined ? undefined : { cause });
}
