import type { FileTree } from '@platter/model';
import { runGit } from '../git/_runGit';
import { readHistory, type HistoryEntry } from './readHistory';

/** What a stage runs: an app's pin, or a runtime component's version. */
export type PinnedSubject =
  { readonly app: string; readonly stage: string } | { readonly component: string; readonly stage: string };

/** Since when a stage has run what it runs now, and the evidence. */
export interface PinnedSince {
  /** The commit that set the pin (or the oldest commit read, when none in the history did). */
  readonly commit: string;
  /** When that commit reached the branch: its own committer date, or that of the merge that brought it in. */
  readonly since: string;
  /** The commit's title. */
  readonly title: string;
  /** False when no commit read set the pin: it is at least as old as `since`. */
  readonly exact: boolean;
}

/**
 * Since when `subject` has been at its current version in its stage (issue 20,
 * the soak time of `platter ci promote`), from git history (readHistory, the
 * same reading as `platter history`): the newest commit whose change of the pin
 * readHistory can undo (an app's pin moved: Rollback; a stage's component
 * version moved: UpgradeComponent) names the moment. That moment is when the
 * commit reached the branch (`ref`'s first-parent line), not when it was
 * written: a change authored a week ago and merged today has soaked a day, not a
 * week. Undefined when history has no commit of the subject at all.
 */
export async function pinnedSince(
  dir: string,
  tree: FileTree,
  subject: PinnedSubject,
  options: { readonly limit?: number; readonly ref?: string } = {},
): Promise<PinnedSince | undefined> {
  const ref = options.ref ?? 'HEAD';
  const entries = await readHistory(dir, tree, 'app' in subject ? { app: subject.app } : { stage: subject.stage }, {
    limit: options.limit ?? 200,
    ref,
  });
  const setIt = (e: HistoryEntry) =>
    e.undo.some((u) =>
      'app' in subject
        ? u.kind === 'Rollback' && u.app === subject.app && (u.target as { stage?: string })?.stage === subject.stage
        : u.kind === 'UpgradeComponent' && u.service === subject.component && u.stage === subject.stage,
    );
  const found = entries.find(setIt);
  const entry = found ?? entries.at(-1);
  if (!entry) return undefined;
  return { commit: entry.commit, since: await landedAt(dir, entry.commit, ref), title: entry.title, exact: !!found };
}

/** When `commit` reached `ref`: the committer date of the first commit of ref's first-parent line that contains it. */
async function landedAt(dir: string, commit: string, ref: string): Promise<string> {
  // Descendants of `commit` on the first-parent line, oldest first: the first is where it landed (a merge), or,
  // when the commit is on that line itself, its child; so the commit is checked first.
  const line = (await runGit(['rev-list', '--first-parent', ref], { cwd: dir })).stdout.split('\n');
  const onLine = line.includes(commit);
  const landing = onLine
    ? commit
    : (
        await runGit(['rev-list', '--first-parent', '--ancestry-path', '--reverse', `${commit}..${ref}`], { cwd: dir })
      ).stdout.split('\n')[0] || commit;
  return (await runGit(['show', '-s', '--format=%cI', landing], { cwd: dir })).stdout.trim();
}
