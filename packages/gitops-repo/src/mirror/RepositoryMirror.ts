import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { FileTree } from '@platter/model';
import { GitTreeFileTree } from '../git/GitTreeFileTree';
import { runGit } from '../git/_runGit';
import { redactUrl } from '../git/_redact';
import { gitAccess, type GitCredentialsSource } from '../reviewHost/gitCredentials';

/**
 * A read-only, local copy of the GitOps repository for the backend plugins (the
 * catalog provider, the plan preview, the actions' plan step). Each mirror keeps
 * its own shallow clone in the cache directory and serves immutable snapshots
 * held in memory, keyed by commit: a refresh never changes a snapshot someone is
 * reading. The clone has no checkout: a snapshot is the commit read from the
 * object store (GitTreeFileTree), so a fleet's files are never written to disk.
 * No state here is authoritative (Git is), so several backend replicas each
 * keeping their own mirror never disagree for long.
 *
 * The clone is never shared, not even by processes on one host that use the
 * same cache directory (the default, the OS temp dir, is the same for every
 * replica started on a host): two processes fetching and resetting one working
 * tree collide on git's index.lock and shallow.lock, and one can read the files
 * while the other is replacing them. Its directory,
 * `platter-mirror-<remote id>.<pid>@<host>.<random>`, is made on the first fetch;
 * clones of the same remote left by processes of this host that are gone are
 * removed then.
 */
export interface RepositorySource {
  /** A git remote: a path to a (bare) repository, file://, http(s) or ssh URL. */
  readonly url: string;
  /** @default the remote's default branch */
  readonly branch?: string;
}

export interface RepositorySnapshot {
  readonly commit: string;
  readonly branch: string;
  /** The commit's files, in memory (nothing on disk is read after the snapshot is made). */
  readonly tree: FileTree;
  /** When it was fetched. */
  readonly fetchedAt: Date;
}

export interface RepositoryMirrorOptions {
  /** Where clones live. */
  readonly cacheDir: string;
  /** A snapshot younger than this is served without fetching. @default 5000 */
  readonly maxAgeMs?: number;
  /**
   * HTTP credentials for an https remote (a private repository), asked before
   * each fetch: sent as a header, never written into the URL or the clone's
   * config (gitHttpAuthEnv). @default none: the URL's own, or anonymous
   */
  readonly credentials?: GitCredentialsSource;
}

export class RepositoryMirror {
  private current?: RepositorySnapshot;
  private inflight?: Promise<RepositorySnapshot>;
  /** This mirror's clone (made on the first fetch). */
  private dir?: string;
  /** `platter-mirror-<remote id>.`: the names of every clone of this remote and branch start so. */
  private readonly prefix: string;

  constructor(
    readonly source: RepositorySource,
    private readonly options: RepositoryMirrorOptions,
  ) {
    const id = createHash('sha256')
      .update(`${source.url}#${source.branch ?? ''}`)
      .digest('hex')
      .slice(0, 16);
    this.prefix = `platter-mirror-${id}.`;
  }

  /** The remote as it can be shown (credentials masked). */
  get displayUrl(): string {
    return redactUrl(this.source.url);
  }

  /**
   * The latest snapshot, fetching when the last one is older than `maxAgeMs` (or
   * always, with `fresh`). With `allowStale`, a snapshot older than `maxAgeMs` is
   * served at once and the fetch runs in the background, for the next caller:
   * read-only views (the Menu page, the fleet overview) answer without waiting
   * for git, at the price of showing a commit one read late. Before the first
   * snapshot, every caller waits for the clone.
   */
  async snapshot(options: { fresh?: boolean; allowStale?: boolean } = {}): Promise<RepositorySnapshot> {
    const maxAge = this.options.maxAgeMs ?? 5000;
    if (!options.fresh && this.current && Date.now() - this.current.fetchedAt.getTime() < maxAge) return this.current;
    // One fetch at a time; concurrent callers share it.
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    if (options.allowStale && !options.fresh && this.current) {
      // The background fetch's failure is not this caller's: the next caller that waits sees it.
      this.inflight.catch(() => undefined);
      return this.current;
    }
    return this.inflight;
  }

  /** This mirror's own directory, made (and abandoned clones of this host pruned) on first use. */
  private async workDir(): Promise<string> {
    if (this.dir) return this.dir;
    const { cacheDir } = this.options;
    await mkdir(cacheDir, { recursive: true });
    await pruneAbandoned(cacheDir, this.prefix);
    this.dir = await mkdtemp(join(cacheDir, `${this.prefix}${process.pid}@${HOST}.`));
    return this.dir;
  }

  private async fetch(): Promise<RepositorySnapshot> {
    const { secrets, env } = gitAccess(this.source.url, await this.options.credentials?.());
    const url = toGitUrl(this.source.url);
    const dir = await this.workDir();
    const ctx = { cwd: dir, secrets, env };
    const cloned = await exists(join(dir, '.git'));
    if (!cloned) {
      // Empty, or what a failed clone left.
      await rm(dir, { recursive: true, force: true });
      const branchArgs = this.source.branch ? ['--branch', this.source.branch] : [];
      await runGit(
        [
          'clone',
          '--quiet',
          '--no-checkout',
          '--depth=1',
          '--single-branch',
          '--no-tags',
          ...branchArgs,
          '--',
          url,
          dir,
        ],
        { cwd: this.options.cacheDir, secrets, env },
      );
    } else {
      const branch =
        this.source.branch ?? (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], ctx)).stdout.trim();
      await runGit(
        ['fetch', '--quiet', '--depth=1', '--no-tags', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`],
        ctx,
      );
      await runGit(['reset', '--quiet', '--soft', `origin/${branch}`], ctx);
    }
    const commit = (await runGit(['rev-parse', 'HEAD'], ctx)).stdout.trim();
    const branch =
      this.source.branch ?? (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], ctx)).stdout.trim();
    if (this.current?.commit === commit) {
      this.current = { ...this.current, fetchedAt: new Date() };
      return this.current;
    }
    const tree = await GitTreeFileTree.load(dir, commit, { secrets });
    this.current = { commit, branch, tree, fetchedAt: new Date() };
    return this.current;
  }
}

/** This host, as it can be part of a file name. */
export const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';

/**
 * Removes the clones `<prefix><pid>@<this host>.<random>` whose process is gone
 * (a crash, or a restart: the next process has another pid). Clones of live
 * processes and of other hosts (a cache directory on a shared volume) stay.
 */
export async function pruneAbandoned(cacheDir: string, prefix: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      if (!name.startsWith(prefix)) return;
      const m = /^(\d+)@(.+)\.[^.]+$/.exec(name.slice(prefix.length));
      if (!m || m[2] !== HOST || Number(m[1]) === process.pid || isAlive(Number(m[1]))) return;
      await rm(join(cacheDir, name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, another user's
  }
}

/** A plain path becomes a file:// URL so shallow clones really are shallow. */
export function toGitUrl(remote: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/]+@[^:]+:/.test(remote) ? remote : `file://${remote}`;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
