import { OverlayFileTree, type FileChange, type FileTree } from '@platter/model';
import { UsageError } from '../exitCodes';
import { git, isGitCheckout } from '../internal/checkout';

/** The work tree against a commit: what changed, and the tree as it was at the commit. */
export interface ChangedSince {
  /** Paths (relative to the repository directory) added, modified or deleted since the commit. */
  readonly changed: readonly string[];
  /** The repository directory's tree at the commit: the work tree with those paths as they were. */
  readonly before: FileTree;
}

/**
 * What `platter validate --since <rev>` compares: the work tree as it is
 * (committed, staged and unstaged changes, and untracked files git does not
 * ignore) against `<rev>`, below the repository directory. `git diff
 * --name-status --no-renames`: a rename is a delete and an add. The tree at the
 * commit is the work tree with just the changed paths read back from git, so
 * nothing else is read twice. UsageError when the directory is not in a git
 * work tree or `<rev>` names no commit.
 */
export async function changedSince(root: string, rev: string, after: FileTree): Promise<ChangedSince> {
  if (!(await isGitCheckout(root))) throw new UsageError(`--since needs a git checkout: ${root} is not in one`);
  const commit = await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (!commit.ok) throw new UsageError(`--since ${rev}: no such commit in this repository`);
  const sha = commit.stdout.trim();
  const diff = await git(root, ['diff', '--name-status', '--no-renames', '--relative', '-z', sha, '--']);
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (!diff.ok || !untracked.ok)
    throw new UsageError(`--since ${rev}: git diff failed: ${diff.stderr || untracked.stderr}`);
  const fields = diff.stdout.split('\0').filter(Boolean);
  const atCommit = new Set<string>();
  const added = new Set<string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const path = fields[i + 1]!;
    if (fields[i] === 'A') added.add(path);
    else atCommit.add(path); // M, D, T (type change), U (unmerged): the path existed at the commit
  }
  for (const path of untracked.stdout.split('\0').filter(Boolean)) if (!atCommit.has(path)) added.add(path);
  const changes: FileChange[] = [...added].map((path) => ({ path, op: 'delete' }));
  for (const path of atCommit) {
    const shown = await git(root, ['show', `${sha}:./${path}`]);
    if (!shown.ok) throw new UsageError(`--since ${rev}: cannot read ${path} at the commit: ${shown.stderr.trim()}`);
    changes.push({ path, op: 'modify', after: shown.stdout });
  }
  return { changed: [...atCommit, ...added].sort(), before: new OverlayFileTree(after).apply(changes) };
}
