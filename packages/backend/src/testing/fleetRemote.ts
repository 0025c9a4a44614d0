import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './backendProcess';

const run = promisify(execFile);

/** The Platter CLI (packages/cli, run from its sources). */
export const PLATTER_CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'platter.js');

/** Runs the Platter CLI; rejects with its output when it exits non-zero. */
export async function platter(args: string[], cwd: string = REPO_ROOT): Promise<string> {
  try {
    const { stdout, stderr } = await run(process.execPath, [PLATTER_CLI, ...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`platter ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/** git with a fixed identity and no global hooks or signing; resolves with stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    'git',
    ['-c', 'user.name=Platter', '-c', 'user.email=platter@localhost', '-c', 'commit.gpgSign=false', ...args],
    {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout;
}

/**
 * TEST-ONLY: the GitOps remote `npm start` makes (tools/scripts/start.js): the
 * example fleet written by `platter init`, committed once on main and cloned
 * bare into `<dir>/fleet.git`, which is returned.
 */
export async function createFleetRemote(dir: string): Promise<string> {
  const seed = join(dir, 'seed');
  const remote = join(dir, 'fleet.git');
  await platter(['init', seed]);
  await git(seed, 'init', '--quiet', '--initial-branch=main');
  await git(seed, 'add', '-A');
  await git(seed, 'commit', '--quiet', '--no-verify', '-m', 'platter init: the example fleet');
  await git(dir, 'clone', '--quiet', '--bare', seed, remote);
  await rm(seed, { recursive: true, force: true });
  return remote;
}
