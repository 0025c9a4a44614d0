import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileTree, Fleet } from '@platter/model';
import { readCampaign, type CampaignQuery, type CampaignStatus } from '../campaign/readCampaign';
import { runGit, type GitAccess } from '../git/_runGit';
import { gitAccess, type GitCredentialsSource } from '../reviewHost/gitCredentials';
import { readHistory, type HistoryEntry } from '../history/readHistory';
import type { HistorySubject } from '../history/historyPaths';
import { exists, HOST, pruneAbandoned, toGitUrl, type RepositorySource } from './RepositoryMirror';

/**
 * The GitOps repository's history for the backend (the portal's History tab,
 * issue 18): a second clone beside the RepositoryMirror, bare, with every
 * commit and tree of the branch but no file contents (`--filter=blob:none`;
 * the few blobs `readHistory` reads to offer an undo are fetched when read).
 *
 * Why not deepen the mirror's depth-1 clone on demand (`git fetch --deepen`):
 * the mirror fetches `--depth=1` on every refresh, which cuts the history back
 * again, and a deepen running beside a refresh collides on `shallow.lock`. Nor
 * can a deepen be bounded by the asked range: the last 100 entries of one env
 * may lie thousands of commits back, behind commits that touched other envs,
 * so "deepen until enough entries" is a round trip per step. A blobless clone
 * costs commits and trees only, is made on the first history read (never by
 * a backend nobody asks for history), and each later read fetches only the new
 * commits. A remote that does not allow filters gets a full clone instead (git
 * warns and ignores the filter).
 *
 * A private https remote's credentials come from the same source as the
 * mirror's (`credentials`), asked once per read and sent as a header with every
 * git command of the read, not only the fetch: the blobs an undo offer reads
 * are fetched lazily by `cat-file`, from the remote.
 *
 * Like the mirror's, the clone is this process's own
 * (`platter-history-<remote id>.<pid>@<host>.<random>`), clones of dead
 * processes of this host are removed on first use, and one git operation runs at
 * a time.
 */
export class RepositoryHistory {
  private dir?: string;
  /** Commits known to be in the clone: its branch's tips so far, and the commits read after a fetch. */
  private readonly heads = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly prefix: string;

  constructor(
    readonly source: RepositorySource,
    private readonly options: {
      readonly cacheDir: string;
      /** HTTP credentials of a private https remote (as the mirror's), asked before each read. */
      readonly credentials?: GitCredentialsSource;
    },
  ) {
    const id = createHash('sha256')
      .update(`${source.url}#${source.branch ?? ''}`)
      .digest('hex')
      .slice(0, 16);
    this.prefix = `platter-history-${id}.`;
  }

  /**
   * The history of an env, stage or app as of `snapshot` (its commit, and its
   * tree for the paths the subject builds from), newest first: readHistory's
   * entries. Fetches first when the clone does not have that commit yet.
   */
  read(
    snapshot: { readonly commit: string; readonly tree: FileTree },
    subject: HistorySubject,
    options: { readonly limit?: number } = {},
  ): Promise<HistoryEntry[]> {
    return this.serialized(async () => {
      const access = await this.access();
      const dir = await this.cloneHaving(snapshot.commit, access);
      return readHistory(dir, snapshot.tree, subject, { ref: snapshot.commit, ...options, access });
    });
  }

  /**
   * An upgrade campaign's progress as of `snapshot` (issue 19 §3): readCampaign
   * on this clone (the landing dates are first-parent commits and trees, which a
   * blobless clone has), the same reading and soak rule as `platter campaign status`.
   */
  readCampaign(
    snapshot: { readonly commit: string; readonly tree: FileTree },
    fleet: Fleet,
    campaign: CampaignQuery,
    options: { readonly now: Date },
  ): Promise<CampaignStatus> {
    return this.serialized(async () => {
      const access = await this.access();
      const dir = await this.cloneHaving(snapshot.commit, access);
      return readCampaign(dir, snapshot.tree, fleet, campaign, { now: options.now, ref: snapshot.commit, access });
    });
  }

  /** One git operation at a time on the clone (a fetch beside a log would see a half-written ref). */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The credentials for this read (a token may have expired since the last), and what to mask. */
  private async access(): Promise<GitAccess> {
    return gitAccess(this.source.url, await this.options.credentials?.());
  }

  /** The clone, made or fetched until it holds `commit`. */
  private async cloneHaving(commit: string, access: GitAccess): Promise<string> {
    const dir = await this.workDir();
    const branch = this.source.branch;
    if (!(await exists(join(dir, 'HEAD')))) {
      await rm(dir, { recursive: true, force: true });
      await runGit(
        [
          'clone',
          '--quiet',
          '--bare',
          '--filter=blob:none',
          '--single-branch',
          '--no-tags',
          ...(branch ? ['--branch', branch] : []),
          '--',
          toGitUrl(this.source.url),
          dir,
        ],
        { cwd: this.options.cacheDir, ...access },
      );
    }
    // Asking git whether it has the commit would fetch it alone (a partial clone fetches missing objects
    // lazily): compare with the branch heads this clone has had instead, and fetch when it is new.
    const head = branch ?? (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: dir })).stdout.trim();
    const tip = async () => (await runGit(['rev-parse', `refs/heads/${head}`], { cwd: dir })).stdout.trim();
    this.heads.add(await tip());
    if (!this.heads.has(commit)) {
      await runGit(
        ['fetch', '--quiet', '--filter=blob:none', '--no-tags', 'origin', `+refs/heads/${head}:refs/heads/${head}`],
        { cwd: dir, ...access },
      );
      this.heads.add(await tip());
      // An older commit than the tip (the mirror one refresh behind) is in the history fetched: not asked again.
      this.heads.add(commit);
    }
    return dir;
  }

  private async workDir(): Promise<string> {
    if (this.dir) return this.dir;
    const { cacheDir } = this.options;
    await mkdir(cacheDir, { recursive: true });
    await pruneAbandoned(cacheDir, this.prefix);
    this.dir = await mkdtemp(join(cacheDir, `${this.prefix}${process.pid}@${HOST}.`));
    return this.dir;
  }
}
