import type { FileTree } from '@platter/model';
import { findKustomizationFile, type KustomizeWalker } from '../parse/kustomizeWalk';
import type { ParseCache } from '../parse/parseCache';

/** Where pod templates keep their containers, by kind shape. */
const CONTAINER_LISTS = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ['spec'],
] as const;

/** The tree and parse cache of each walker fluxWalker made (the walker keeps them private). */
export const WALKER_SOURCES = new WeakMap<KustomizeWalker, { readonly tree: FileTree; readonly cache: ParseCache }>();

/** The `images:` of the kustomization in `dir` (kustomize's image transformer entries). */
export function imagesOf(tree: FileTree, cache: ParseCache, dir: string): Record<string, unknown>[] {
  const kFile = findKustomizationFile(tree, dir);
  const k = kFile ? ((cache.read(tree, kFile).values?.[0] ?? {}) as Record<string, unknown>) : {};
  return Array.isArray(k.images)
    ? k.images.filter(
        (i): i is Record<string, unknown> => !!i && typeof i === 'object' && typeof (i as any).name === 'string',
      )
    : [];
}

/**
 * kustomize's image transformer on one object: each container and init container
 * whose image name (without tag or digest) is an entry's `name` gets its
 * `newName`, `newTag` or `digest`. The static walker does not model `images:`;
 * the rendered diff applies those of the Flux Kustomization's build root, where
 * Platter pins an image app's version (apps/<app>/<stage>/kustomization.yaml).
 * Returns the same object when nothing matches.
 */
export function applyImages<T extends Readonly<Record<string, unknown>>>(
  value: T,
  images: readonly Record<string, unknown>[],
): T {
  if (!images.length) return value;
  let out: any = value;
  for (const path of CONTAINER_LISTS) {
    let spec: any = value;
    for (const key of path) spec = spec?.[key];
    if (!spec || typeof spec !== 'object') continue;
    for (const list of ['containers', 'initContainers'] as const) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      const next = containers.map((c: any) => {
        if (typeof c?.image !== 'string') return c;
        const image = retag(c.image, images);
        return image === c.image ? c : { ...c, image };
      });
      if (next.some((c: unknown, i: number) => c !== containers[i])) {
        out = setIn(out, [...path, list], next);
      }
    }
  }
  return out as T;
}

function retag(image: string, images: readonly Record<string, unknown>[]): string {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const entry = images.find((i) => i.name === name);
  if (!entry) return image;
  const newName = typeof entry.newName === 'string' ? entry.newName : name;
  if (typeof entry.digest === 'string') return `${newName}@${entry.digest}`;
  if (entry.newTag !== undefined) return `${newName}:${String(entry.newTag)}`;
  return `${newName}${image.slice(name.length)}`;
}

function setIn(value: any, path: readonly string[], leaf: unknown): any {
  if (!path.length) return leaf;
  const [key, ...rest] = path;
  return { ...value, [key!]: setIn(value?.[key!], rest, leaf) };
}
