import { cloudLayout, diagnostic, type Diagnostic } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { releasedFiles } from './releasedFiles';

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
  const released = await releasedFiles(root, cloudLayout.dir, (path) =>
    /^[^/]+\/[^/]+\/[^/]+\/class\.yaml$/.test(path),
  );
  const out: Diagnostic[] = [];
  for (const { path, releasedIn, now, then } of released) {
    const [was, is] = [contractOf(then), contractOf(now)];
    // A file that does not parse now is platter validate's finding (InvalidCloudClass), not this one.
    if (was === undefined || is === undefined) continue;
    const changed = Object.keys(was).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(is[k]));
    if (!changed.length) continue;
    const [cls, version] = path.split('/').slice(1, 3);
    out.push(
      diagnostic(
        'CloudClassImmutable',
        `${cls} ${version} was released in commit ${releasedIn.slice(0, 12)}, but ${path} now has another ${changed.join(', ')}: ` +
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
