import { diagnostic, layout, type Diagnostic } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { checkReleasedClasses } from './releasedClasses';
import { releasedFiles } from './releasedFiles';

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
  const released = await releasedFiles(
    root,
    layout.runtimeDir,
    (path) => path.endsWith('/component.yaml') && path.split('/').length === 4,
  );
  const out: Diagnostic[] = [];
  for (const { path, releasedIn, now, then } of released) {
    const [recorded, original] = [digestOf(now), digestOf(then)];
    if (original === undefined || recorded === original) continue;
    const [svc, version] = path.split('/').slice(1, 3);
    out.push(
      diagnostic(
        'ComponentVersionImmutable',
        `${svc} ${version} was released with digest ${original} (commit ${releasedIn.slice(0, 12)}), but ${path} now records ${recorded ?? 'none'}: ` +
          'a released version is immutable, files and digest alike; release a new version instead',
        path,
      ),
    );
  }
  return [...out, ...(await checkReleasedClasses(root))]; // cloud class versions (issue 21)
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
