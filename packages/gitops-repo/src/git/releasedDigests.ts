import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnostic, layout, type Diagnostic } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { runGit } from './_runGit';
import { checkReleasedClasses } from './releasedClasses';

/**
 * The immutability digest may not vouch for itself (issue 22 item 6). The
 * static rule (ComponentVersionImmutable) checks a released version's files
 * against the `spec.digest` its component.yaml records; someone who edits the
 * files and the digest together passes it. Git keeps what was released: the
 * digest a component.yaml held in the commit that added it (its latest
 * addition: a version removed and released again counts from then). Here every
 * released component.yaml of the checkout (as it is on disk, committed or not)
 * is compared with that digest: a different one is ComponentVersionImmutable,
 * naming the release commit.
 *
 * Reads only what git has: in a shallow clone a version added before the
 * history it holds is not checked (there is nothing to compare with). Not a git
 * checkout: nothing to check.
 */
export async function checkReleasedDigests(root: string): Promise<Diagnostic[]> {
  const inside = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd: root, okCodes: [128] }).catch(
    () => undefined,
  );
  if (!inside || inside.code !== 0 || inside.stdout.trim() !== 'true') return [];
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root, okCodes: [1] });
  if (head.code !== 0) return [];
  const prefix = (await runGit(['rev-parse', '--show-prefix'], { cwd: root })).stdout.trim();
  // Newest first: the first commit listed for a path is its latest addition.
  const log = await runGit(
    [
      'log',
      '--diff-filter=A',
      '--no-renames',
      '--format=commit %H',
      '--name-only',
      'HEAD',
      '--',
      `${layout.runtimeDir}/`,
    ],
    { cwd: root },
  );
  const addedIn = new Map<string, string>();
  let commit = '';
  for (const line of log.stdout.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice(7);
    else if (line && /\/component\.yaml$/.test(line)) {
      const path = prefix && line.startsWith(prefix) ? line.slice(prefix.length) : line;
      if (!addedIn.has(path) && path.split('/').length === 4) addedIn.set(path, commit);
    }
  }
  const out: Diagnostic[] = [];
  for (const [path, released] of [...addedIn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const now = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (now === undefined) continue; // removed since (RemoveComponentVersion)
    const then = await showFile(root, released, prefix + path);
    const [recorded, original] = [digestOf(now), then === undefined ? undefined : digestOf(then)];
    if (original === undefined || recorded === original) continue;
    const [svc, version] = path.split('/').slice(1, 3);
    out.push(
      diagnostic(
        'ComponentVersionImmutable',
        `${svc} ${version} was released with digest ${original} (commit ${released.slice(0, 12)}), but ${path} now records ${recorded ?? 'none'}: ` +
          'a released version is immutable, files and digest alike; release a new version instead',
        path,
      ),
    );
  }
  return [...out, ...(await checkReleasedClasses(root))]; // cloud class versions (issue 21)
}

async function showFile(root: string, rev: string, path: string): Promise<string | undefined> {
  const r = await runGit(['show', `${rev}:${path}`], { cwd: root, okCodes: [128] });
  return r.code === 0 ? r.stdout : undefined;
}

/** `spec.digest` of a component.yaml text, or undefined (not YAML, or no digest: not released). */
function digestOf(text: string): string | undefined {
  try {
    const doc = parseYamlValues(text)[0] as { spec?: { digest?: unknown } } | undefined;
    return typeof doc?.spec?.digest === 'string' ? doc.spec.digest : undefined;
  } catch {
    return undefined;
  }
}
