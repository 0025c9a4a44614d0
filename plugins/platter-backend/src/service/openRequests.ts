import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gitHttpAuthEnv, REQUEST_TRAILER, REQUESTED_BY_TRAILER, type GitCredentialsSource } from '@platter/gitops-repo';

const run = promisify(execFile);

/** One review branch `platter/*` of the remote, read from its head commit (the commit publish made). */
export interface ReviewBranch {
  readonly branch: string;
  readonly commit: string;
  /** The commit's title: the request's title. */
  readonly title: string;
  readonly requestedBy?: string;
  readonly requestHash?: string;
  /** ISO date of the commit. */
  readonly date: string;
  /** Repository paths the commit message lists (publish lists up to 20). */
  readonly files: readonly string[];
  /** The `Environments:` line of the message. */
  readonly environments: readonly string[];
  /** `merged` once the target branch contains the branch's head. */
  readonly state: 'open' | 'merged';
}

/**
 * The review branches publish pushed (`platter/<kind>/<subject>`), read from
 * Git (issue 23 item 2: a tenant's pending requests, whatever the host): a bare
 * clone under `cacheDir` fetches the target branch and `refs/heads/platter/*`
 * (pruned, so a deleted branch goes) without file contents where the remote
 * allows it, then reads each head's message: title, `Requested-By`,
 * `Platter-Request`, the files listed. A branch whose head the target branch
 * contains is merged. Reads serialize: one fetch at a time. A private https
 * remote is fetched with `credentials` (Backstage's integration for its host,
 * gitCredentialsFor), sent as a header: never stored in the clone.
 */
export class ReviewBranches {
  private readonly dir: string;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly remote: string,
    cacheDir: string,
    private readonly credentials?: GitCredentialsSource,
  ) {
    const id = createHash('sha256').update(remote).digest('hex').slice(0, 12);
    this.dir = join(cacheDir, `platter-review-branches-${id}.git`);
  }

  /** The branches, against `targetBranch` (the branch publish merges into: the mirror's). */
  list(targetBranch: string): Promise<ReviewBranch[]> {
    const next = this.pending.then(
      () => this.read(targetBranch),
      () => this.read(targetBranch),
    );
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async git(args: readonly string[], auth: Readonly<Record<string, string>> = {}): Promise<string> {
    const { stdout } = await run('git', ['--git-dir', this.dir, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...auth },
    });
    return stdout;
  }

  private async read(targetBranch: string): Promise<ReviewBranch[]> {
    if (!(await stat(this.dir).catch(() => undefined))) {
      await mkdir(this.dir, { recursive: true });
      await this.git(['init', '--quiet', '--bare']);
    }
    await this.git(
      [
        'fetch',
        '--quiet',
        '--prune',
        '--no-tags',
        '--filter=blob:none',
        this.remote,
        `+refs/heads/${targetBranch}:refs/heads/${targetBranch}`,
        '+refs/heads/platter/*:refs/heads/platter/*',
      ],
      gitHttpAuthEnv(this.remote, await this.credentials?.()),
    );
    const SEP = '\x1e';
    const out = await this.git([
      'for-each-ref',
      '--sort=-committerdate',
      `--format=%(refname:strip=2)%00%(objectname)%00%(committerdate:iso-strict)%00%(contents)${SEP}`,
      'refs/heads/platter/',
    ]);
    const branches: ReviewBranch[] = [];
    for (const record of out.split(SEP)) {
      const [branch, commit, date, message] = record.replace(/^\n/, '').split('\0');
      if (!branch || !commit || message === undefined) continue;
      const merged = await this.git(['merge-base', '--is-ancestor', commit, `refs/heads/${targetBranch}`]).then(
        () => true,
        () => false,
      );
      branches.push({ branch, commit, date: date ?? '', state: merged ? 'merged' : 'open', ...parseMessage(message) });
    }
    return branches;
  }
}

/** Title, trailers and listed files of a commit message publish wrote (gitops-repo's formatCommitMessage). */
export function parseMessage(
  message: string,
): Pick<ReviewBranch, 'title' | 'requestedBy' | 'requestHash' | 'files' | 'environments'> {
  const lines = message.split('\n');
  const trailer = (key: string) =>
    lines
      .find((l) => l.startsWith(`${key}: `))
      ?.slice(key.length + 2)
      .trim() || undefined;
  const requestedBy = trailer(REQUESTED_BY_TRAILER);
  const requestHash = trailer(REQUEST_TRAILER);
  return {
    title: lines[0]?.trim() ?? '',
    ...(requestedBy ? { requestedBy } : {}),
    ...(requestHash ? { requestHash } : {}),
    files: lines.map((l) => /^ {2}(?:add|modify|delete) (.+)$/.exec(l)?.[1]).filter((f): f is string => !!f),
    environments: (trailer('Environments') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e && e !== 'none'),
  };
}
