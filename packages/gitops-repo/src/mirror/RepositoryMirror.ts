import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MemoryFileTree } from '@platter/model';
import { readDirectoryTree } from '../fileTree';
import { runGit } from '../git/_runGit';
import { redactUrl, secretsOfRemote } from '../git/_redact';

/**
 * A read-only, local copy of the GitOps repository for the backend plugins (the
 * catalog provider, the plan preview, the actions' plan step). It keeps one
 * shallow clone per remote in a cache directory and serves immutable snapshots
 * held in memory, keyed by commit: a refresh never changes a snapshot someone is
 * reading. No state here is authoritative (Git is), so several backend replicas
 * each keeping their own mirror never disagree for long.
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
  readonly tree: MemoryFileTree;
  /** When it was fetched. */
  readonly fetchedAt: Date;
}

export interface RepositoryMirrorOptions {
  /** Where clones live. */
  readonly cacheDir: string;
  /** A snapshot younger than this is served without fetching. @default 5000 */
  readonly maxAgeMs?: number;
}

export class RepositoryMirror {
  private current?: RepositorySnapshot;
  private inflight?: Promise<RepositorySnapshot>;
  private readonly dir: string;

  constructor(
    readonly source: RepositorySource,
    private readonly options: RepositoryMirrorOptions,
  ) {
    const id = createHash('sha256').update(`${source.url}#${source.branch ?? ''}`).digest('hex').slice(0, 16);
    this.dir = join(options.cacheDir, `platter-mirror-${id}`);
  }

  /** The remote as it can be shown (credentials masked). */
  get displayUrl(): string {
    return redactUrl(this.source.url);
  }

  /** The latest snapshot, fetching when the last one is older than `maxAgeMs` (or always, with `fresh`). */
  async snapshot(options: { fresh?: boolean } = {}): Promise<RepositorySnapshot> {
    const maxAge = this.options.maxAgeMs ?? 5000;
    if (!options.fresh && this.current && Date.now() - this.current.fetchedAt.getTime() < maxAge) return this.current;
    // One fetch at a time; concurrent callers share it.
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetch(): Promise<RepositorySnapshot> {
    const secrets = secretsOfRemote(this.source.url);
    const url = toGitUrl(this.source.url);
    const ctx = { cwd: this.dir, secrets };
    const cloned = await exists(join(this.dir, '.git'));
    if (!cloned) {
      await rm(this.dir, { recursive: true, force: true });
      await mkdir(this.options.cacheDir, { recursive: true });
      const branchArgs = this.source.branch ? ['--branch', this.source.branch] : [];
      await runGit(['clone', '--quiet', '--depth=1', '--single-branch', '--no-tags', ...branchArgs, '--', url, this.dir], { cwd: this.options.cacheDir, secrets });
    } else {
      const branch = this.source.branch ?? (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], ctx)).stdout.trim();
      await runGit(['fetch', '--quiet', '--depth=1', '--no-tags', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`], ctx);
      await runGit(['reset', '--quiet', '--hard', `origin/${branch}`], ctx);
      await runGit(['clean', '--quiet', '-ffdx'], ctx);
    }
    const commit = (await runGit(['rev-parse', 'HEAD'], ctx)).stdout.trim();
    const branch = this.source.branch ?? (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], ctx)).stdout.trim();
    if (this.current?.commit === commit) {
      this.current = { ...this.current, fetchedAt: new Date() };
      return this.current;
    }
    const tree = await readDirectoryTree(this.dir);
    this.current = { commit, branch, tree, fetchedAt: new Date() };
    return this.current;
  }
}

/** A plain path becomes a file:// URL so shallow clones really are shallow. */
function toGitUrl(remote: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(remote) || /^[^/]+@[^:]+:/.test(remote) ? remote : `file://${remote}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
