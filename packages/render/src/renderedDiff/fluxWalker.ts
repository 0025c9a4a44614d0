import type { FileTree } from '@platter/model';
import { KustomizeWalker } from '../parse/kustomizeWalk';
import { ParseCache } from '../parse/parseCache';
import type { ChangedPaths } from '../parse/readTracking';
import { WALKER_SOURCES } from './images';

/** The flux walker each derived one was derived from (buildEnvironment takes over its prepared builds). */
export const WALKER_ORIGINS = new WeakMap<KustomizeWalker, KustomizeWalker>();

/**
 * A walker that builds the way kustomize does, patch files and strategic-merge
 * patches included (an app's version pin is a `patches: - path: release.yaml`).
 * Validation's walkers leave those out; the rendered diff needs them.
 */
export function fluxWalker(tree: FileTree, cache: ParseCache = new ParseCache()): KustomizeWalker {
  const walker = new KustomizeWalker(tree, cache, { fullPatches: true });
  WALKER_SOURCES.set(walker, { tree, cache });
  return walker;
}

/**
 * A flux walker of the tree after a change, taking over what `origin` (a flux
 * walker of the tree before it, on a TrackedTree) has built and the change does
 * not touch (KustomizeWalker.derive): the same builds, made once per commit.
 */
export function deriveFluxWalker(
  origin: KustomizeWalker,
  tree: FileTree,
  cache: ParseCache,
  changed: ChangedPaths,
): KustomizeWalker {
  const walker = origin.derive(tree, cache, changed);
  WALKER_SOURCES.set(walker, { tree, cache });
  WALKER_ORIGINS.set(walker, origin);
  return walker;
}
