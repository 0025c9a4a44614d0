import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary clones a killed run left behind (issue 22 item 9). applyRequest
 * removes its clone in a `finally`, which SIGKILL never reaches. Each clone
 * directory records its owner (pid and host); the next run in the same work
 * directory removes the clones whose owner is a process of this host that is
 * no longer alive. Clones of live runs, and of other hosts sharing the
 * directory, are left alone; one without an owner record (killed before it was
 * written) is removed once it is an hour old.
 */
export const CLONE_PREFIX = 'platter-apply-';
const OWNER_FILE = 'platter-owner.json';
const UNOWNED_MAX_AGE_MS = 60 * 60 * 1000;

/** Records this process as the owner of the clone directory `work`. */
export async function markOwner(work: string): Promise<void> {
  await writeFile(join(work, OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname() }));
}

/** Removes the clones in `dir` whose owner died (see the module comment); never throws. */
export async function removeStaleClones(dir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(CLONE_PREFIX)) continue;
    const path = join(dir, name);
    try {
      const owner = await readFile(join(path, OWNER_FILE), 'utf8')
        .then((t) => JSON.parse(t) as { pid?: unknown; host?: unknown })
        .catch(() => undefined);
      const stale = owner
        ? owner.host === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid)
        : now - (await stat(path)).mtimeMs > UNOWNED_MAX_AGE_MS;
      if (!stale) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile, or not ours to read: leave it.
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
