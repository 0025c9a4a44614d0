import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { layout, RequestRejected, type Fleet } from '@platter/model';
import { RepositoryReader } from '@platter/render';
import { DiskFileTree } from '@platter/gitops-repo';
import { UsageError } from '../exitCodes';
import { requireDirectory, type CommandContext } from '../commands/context';

/**
 * The local checkout a command works on: the repository directory, its file
 * tree, and the few `git` facts the CLI needs (head, branch, origin, clean).
 * Committing and pushing belong to gitops-repo; this only reads.
 */
export interface Checkout {
  /** The directory as the user gave it (for messages). */
  readonly shown: string;
  readonly root: string;
  readonly tree: DiskFileTree;
  /** The parsed fleet, for shortcuts that look names up; undefined when the repository does not parse. */
  fleet(): Fleet | undefined;
  /** The parsed fleet, for queries; rejects with the parse findings when there is none. */
  requireFleet(): Fleet;
}

/** Resolves `[dir]` / `-C <dir>` (default: the working directory) to a Platter repository. */
export function openCheckout(ctx: CommandContext, positional: string | undefined, flag: string | undefined): Checkout {
  if (
    positional !== undefined &&
    flag !== undefined &&
    path.resolve(ctx.io.cwd, positional) !== path.resolve(ctx.io.cwd, flag)
  ) {
    throw new UsageError(`two repositories given: ${positional} and -C ${flag}`);
  }
  const shown = positional ?? flag ?? '.';
  const root = requireDirectory(ctx, shown);
  if (!fs.existsSync(path.join(root, layout.settings))) {
    throw new UsageError(
      `${shown} is not a Platter repository (no ${layout.settings}): run in a checkout, or pass -C <dir>`,
    );
  }
  const tree = new DiskFileTree(root);
  let reader: RepositoryReader | undefined;
  const fleet = () => (reader ??= new RepositoryReader(tree)).fleet();
  return {
    shown,
    root,
    tree,
    fleet,
    requireFleet: () => {
      const model = fleet();
      if (!model)
        throw new RequestRejected(
          reader!.diagnostics.filter((d) => d.severity === 'error'),
          'repository',
        );
      return model;
    },
  };
}

/** Runs git in the checkout; never rejects (`ok` is false when git fails: not a repository, no such ref). */
export function git(root: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...args],
      { cwd: root, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const gitValue = async (root: string, args: readonly string[]) => {
  const r = await git(root, args);
  return r.ok ? r.stdout.trim() || undefined : undefined;
};

/** Whether the directory is in a git work tree (its root, or a subdirectory holding the GitOps tree). */
export async function isGitCheckout(root: string): Promise<boolean> {
  return (await gitValue(root, ['rev-parse', '--is-inside-work-tree'])) === 'true';
}

export const headCommit = (root: string) => gitValue(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);

/** The checked-out branch; undefined on a detached head. */
export const currentBranch = (root: string) => gitValue(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);

/** No staged, unstaged or untracked changes. */
export async function isClean(root: string): Promise<boolean> {
  const r = await git(root, ['status', '--porcelain']);
  return r.ok && r.stdout.trim() === '';
}

/**
 * The URL of `origin` as applyRequest takes it: a relative path (git allows
 * `../fleet.git`) is made absolute, since applyRequest clones from elsewhere.
 */
export async function originUrl(root: string): Promise<string | undefined> {
  const url = await gitValue(root, ['remote', 'get-url', 'origin']);
  if (url === undefined) return undefined;
  const isUrl = url.includes('://') || /^[^/\\]+:/.test(url); // scheme://, or scp-like host:path
  return isUrl || path.isAbsolute(url) ? url : path.resolve(root, url);
}

/** Fast-forwards the checkout to origin's `branch`; false when it cannot (diverged, offline). */
export async function fastForward(root: string, branch: string): Promise<boolean> {
  const fetched = await git(root, ['fetch', '--quiet', 'origin', branch]);
  if (!fetched.ok) return false;
  return (await git(root, ['merge', '--ff-only', '--quiet', 'FETCH_HEAD'])).ok;
}
