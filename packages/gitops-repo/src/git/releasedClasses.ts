import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cloudLayout, diagnostic, type Diagnostic } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { runGit } from './_runGit';

/**
 * A released cloud class version is immutable in what its objects are made
 * of (issue 21): a claim or a Terraform object of `s3-bucket 1.0.0` must mean
 * the same thing on every cluster and at every time, so `metadata.name`,
 * `spec.version`, `spec.backend`, `spec.parameters` and `spec.outputs` of a
 * `cloud/<class>/<version>/class.yaml` stay as the commit that added it holds
 * them (its latest addition). Where it is offered and on what terms
 * (`spec.stages`), its lifecycle and description may change: they are policy,
 * not the contract. A different contract is CloudClassImmutable, naming the
 * release commit: release a new version instead.
 *
 * Like checkReleasedDigests (which calls it), it reads only what git has: not a
 * git checkout, or a version added before a shallow clone's history, has
 * nothing to compare with.
 */
export async function checkReleasedClasses(root: string): Promise<Diagnostic[]> {
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
      `${cloudLayout.dir}/`,
    ],
    { cwd: root },
  );
  const addedIn = new Map<string, string>();
  let commit = '';
  for (const line of log.stdout.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice(7);
    else if (line) {
      const path = prefix && line.startsWith(prefix) ? line.slice(prefix.length) : line;
      if (!addedIn.has(path) && /^[^/]+\/[^/]+\/[^/]+\/class\.yaml$/.test(path)) addedIn.set(path, commit);
    }
  }
  const out: Diagnostic[] = [];
  for (const [path, released] of [...addedIn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const now = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (now === undefined) continue; // removed from the menu since
    const then = await runGit(['show', `${released}:${prefix}${path}`], { cwd: root, okCodes: [128] });
    if (then.code !== 0) continue;
    const [was, is] = [contractOf(then.stdout), contractOf(now)];
    // A file that does not parse now is platter validate's finding (InvalidCloudClass), not this one.
    if (was === undefined || is === undefined) continue;
    const changed = Object.keys(was).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(is[k]));
    if (!changed.length) continue;
    const [cls, version] = path.split('/').slice(1, 3);
    out.push(
      diagnostic(
        'CloudClassImmutable',
        `${cls} ${version} was released in commit ${released.slice(0, 12)}, but ${path} now has another ${changed.join(', ')}: ` +
          'a released class version is immutable in what its objects are made of (stages, lifecycle and description may change); release a new version instead',
        path,
      ),
    );
  }
  return out;
}

/** What a class's objects are made of, by field; undefined when the text does not parse. */
function contractOf(text: string): Record<string, unknown> | undefined {
  try {
    const doc = parseYamlValues(text)[0] as { metadata?: { name?: unknown }; spec?: Record<string, unknown> };
    if (!doc || typeof doc !== 'object') return undefined;
    return {
      'metadata.name': doc.metadata?.name,
      'spec.version': doc.spec?.['version'],
      'spec.backend': doc.spec?.['backend'],
      'spec.parameters': doc.spec?.['parameters'],
      'spec.outputs': doc.spec?.['outputs'],
    };
  } catch {
    return undefined;
  }
}
