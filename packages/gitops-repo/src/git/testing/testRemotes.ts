import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree } from '@platter/model';
import { exampleRepository } from '@platter/render';
import { runGit } from '../_runGit';

/**
 * TEST-ONLY: real git remotes in a temp dir. The seed is `platter init`'s
 * content (exampleRepository()) committed once on `main` and cloned bare; each
 * test copies it (a directory copy is much cheaper than rendering and
 * committing again).
 */
export class TestRemotes {
  private count = 0;

  private constructor(
    readonly base: string,
    private readonly seed: string,
  ) {}

  /** A base dir with the example fleet's bare seed remote. */
  static async create(files: FileTree = exampleRepository()): Promise<TestRemotes> {
    const base = await mkdtemp(join(tmpdir(), 'platter-git-test-'));
    const work = join(base, 'seed-work');
    await writeTree(work, files);
    await git(base, 'init', '--quiet', '--initial-branch=main', work);
    await git(work, 'add', '-A');
    await git(work, 'commit', '--quiet', '--no-verify', '-m', 'platter init');
    await git(base, 'clone', '--quiet', '--bare', work, join(base, 'seed.git'));
    return new TestRemotes(base, join(base, 'seed.git'));
  }

  /** A fresh bare remote with the seed's history (`main` at the seed commit). */
  async newRemote(name = 'remote'): Promise<string> {
    const path = join(this.base, `${name}-${++this.count}.git`);
    await cp(this.seed, path, { recursive: true });
    return path;
  }

  /** A fresh directory under the base (work dirs, checkouts). */
  async newDir(name: string): Promise<string> {
    const path = join(this.base, `${name}-${++this.count}`);
    await mkdir(path, { recursive: true });
    return path;
  }

  /**
   * Commits file edits (content, or null to delete) on `branch` of `remote`
   * from a separate clone, as another writer would, and returns the commit.
   */
  async pushCommit(
    remote: string,
    files: Record<string, string | null>,
    message: string,
    branch = 'main',
  ): Promise<string> {
    const work = await this.newDir('writer');
    await git(work, 'clone', '--quiet', '--branch', branch, remote, 'repo');
    const repo = join(work, 'repo');
    for (const [path, content] of Object.entries(files)) {
      if (content === null) await rm(join(repo, path), { force: true });
      else {
        await mkdir(dirname(join(repo, path)), { recursive: true });
        await writeFile(join(repo, path), content);
      }
    }
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '--quiet', '--no-verify', '-m', message);
    await git(repo, 'push', '--quiet', '--no-verify', 'origin', `HEAD:refs/heads/${branch}`);
    const head = await git(repo, 'rev-parse', 'HEAD');
    await rm(work, { recursive: true, force: true });
    return head;
  }

  /**
   * Moves `branch` of a bare remote by one empty commit, made in the remote
   * itself (cheaper than a clone): another writer, as far as a push can tell.
   */
  async moveBranch(remote: string, message: string, branch = 'main'): Promise<string> {
    const old = await git(remote, 'rev-parse', '--verify', `refs/heads/${branch}`);
    const commit = await git(remote, 'commit-tree', `${old}^{tree}`, '-p', old, '-m', message);
    await git(remote, 'update-ref', `refs/heads/${branch}`, commit, old);
    return commit;
  }

  /** `git <args>` in `cwd` (a bare remote works too); stdout without the final newline. */
  git(cwd: string, ...args: string[]): Promise<string> {
    return git(cwd, ...args);
  }

  async cleanup(): Promise<void> {
    await rm(this.base, { recursive: true, force: true });
  }
}

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Writer',
  GIT_AUTHOR_EMAIL: 'writer@example.test',
  GIT_COMMITTER_NAME: 'Test Writer',
  GIT_COMMITTER_EMAIL: 'writer@example.test',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await runGit(args, { cwd, env: IDENTITY, config: ['commit.gpgSign=false'] });
  return stdout.replace(/\n$/, '');
}

async function writeTree(root: string, files: FileTree): Promise<void> {
  for (const path of files.list('')) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), files.read(path)!);
  }
}
