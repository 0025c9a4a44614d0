import { comparePaths, dirname, relativePath, type FileChange, type FileTree } from '@platter/model';
import { keepBytes, parseDocuments, parseYamlValues, stringifyDocuments } from '../yaml';
import { mergeSharedList } from './lists';

/**
 * A request's change is applied as an edit (the model before rendered is the base, the
 * model after the desired files), so a reference the model before already renders is
 * no edit: where the repository lacks a file Platter would render (a repository `platter
 * adopt` wrote, a file a person deleted), the request would add the file but leave its
 * kustomization without the entry, and Flux would never apply it. Every file a change
 * adds that the rendered kustomization of a directory above it lists in `resources` is
 * listed there after the change too (inserted where the rendered list has it; nothing
 * else in that kustomization moves).
 */
export function referenceAddedFiles(
  changes: readonly FileChange[],
  rendered: ReadonlyMap<string, string | null | undefined>,
  previous: FileTree,
): FileChange[] {
  const out = [...changes];
  const current = (path: string) => {
    const c = out.find((x) => x.path === path);
    return c ? (c.op === 'delete' ? undefined : c.after) : previous.read(path);
  };
  // Any file (an encrypted Secret is `.yaml.encrypted`): only an exact `resources` entry counts.
  for (const added of changes.filter((c) => c.op === 'add')) {
    for (let dir = dirname(added.path); ; dir = dirname(dir)) {
      const kustomization = `${dir ? `${dir}/` : ''}kustomization.yaml`;
      const entry = relativePath(dir, added.path);
      const desired = resourcesOf(rendered.get(kustomization));
      if (desired?.includes(entry)) {
        const text = current(kustomization);
        if (text !== undefined) reference(out, kustomization, text, desired, entry, previous);
        break;
      }
      if (!dir) break;
    }
  }
  return out.sort((a, b) => comparePaths(a.path, b.path));
}

function resourcesOf(text: string | null | undefined): string[] | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = parseYamlValues(text)[0] as { resources?: unknown } | undefined;
    return Array.isArray(value?.resources) ? value.resources.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return undefined;
  }
}

/** Adds `entry` to the kustomization's resources, after its predecessor in the rendered list. */
function reference(
  out: FileChange[],
  path: string,
  text: string,
  desired: readonly string[],
  entry: string,
  previous: FileTree,
): void {
  const docs = parseDocuments(text);
  const doc = docs[0];
  if (!doc) return;
  const resources = (doc.toJS() as { resources?: unknown } | null)?.resources;
  const now = Array.isArray(resources) ? resources : [];
  if (now.includes(entry)) return;
  // Only the missing entry is placed: the rendered order of what is already there is not imposed.
  const wanted = desired.filter((d) => d === entry || now.includes(d));
  doc.set(
    'resources',
    mergeSharedList(
      now,
      wanted,
      (e) => e === entry,
      (a, b) => a === b,
    ),
  );
  const after = keepBytes(text, stringifyDocuments(docs));
  const at = out.findIndex((c) => c.path === path);
  const before = previous.read(path);
  const change: FileChange = before === undefined ? { path, op: 'add', after } : { path, op: 'modify', before, after };
  if (at >= 0) out[at] = change;
  else out.push(change);
}
