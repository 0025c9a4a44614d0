import type { FileTree } from '@platter/model';
import { KustomizeWalker } from '../parse/kustomizeWalk';
import { ParseCache } from '../parse/parseCache';
import { WALKER_SOURCES } from './images';

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
