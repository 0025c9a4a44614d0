import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byteOrder } from '@platter/model';
import { runGit } from './_runGit';

/** A release file of the checkout and its text as released. */
export interface ReleasedFile {
  /** Repository path, e.g. runtime/<svc>/<version>/component.yaml. */
  readonly path: string;
  /** The commit that added it last (a version removed and released again counts from then). */
  readonly releasedIn: string;
  /** As it is on disk now, committed or not. */
  readonly now: string;
  /** As the release commit holds it. */
  readonly then: string;
}

/**
 * Every release file under `dir` (those `isReleaseFile` names) that git saw added and the checkout still has,
 * with the text it was released with: what the released-version rules compare (component digests, class
 * contracts). Reads only what git has: not a git checkout, no commit yet, or a file added before a shallow
 * clone's history gives nothing to compare with.
 */
export async function releasedFiles(
  root: string,
  dir: string,
  isReleaseFile: (path: string) => boolean,
): Promise<ReleasedFile[]> {
  const inside = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd: root, okCodes: [128] }).catch(
    () => undefined,
  );
  if (!inside || inside.code !== 0 || inside.stdout.trim() !== 'true') return [];
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, okCodes: [1] });
  if (head.code !== 0) return [];
  const prefix = (await runGit(['rev-parse', '--show-prefix'], { cwd: root })).stdout.trim();
  // Newest first: the first commit listed for a path is its latest addition.
  const log = await runGit(
    ['log', '--diff-filter=A', '--no-renames', '--format=commit %H', '--name-only', 'HEAD', '--', `${dir}/`],
    { cwd: root },
  );
  const addedIn = new Map<string, string>();
  let commit = '';
  for (const line of log.stdout.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice(7);
    else if (line) {
      const path = prefix && line.startsWith(prefix) ? line.slice(prefix.length) : line;
      if (!addedIn.has(path) && isReleaseFile(path)) addedIn.set(path, commit);
    }
  }
  const out: ReleasedFile[] = [];
  for (const [path, releasedIn] of [...addedIn].sort(([a], [b]) => byteOrder(a, b))) {
    const now = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (now === undefined) continue; // removed since
    const then = await runGit(['show', `${releasedIn}:${prefix}${path}`], { cwd: root, okCodes: [128] });
    if (then.code !== 0) continue;
    out.push({ path, releasedIn, now, then: then.stdout });
  }
  return out;
}
