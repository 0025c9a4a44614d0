import { diagnostic, type Diagnostic, type FileTree } from '@platter/model';
import { findKustomizationFile } from '../parse/kustomizeWalk';

/**
 * Top-level directories Platter reads by name (DESIGN §2: apps/, envs/, stages/,
 * runtime/, tenants/) that hold something else: a Flux repository of another
 * layout has an `apps/base`, `apps/production`, a `tenants/tenant1.yaml`. Such a
 * directory gets ONE finding saying so (NotPlatterShaped), and the findings the
 * parser made by reading it as Platter's (`apps/base/base/kustomization.yaml does
 * not exist`, ...) are dropped by {@link withoutForeign}. A directory where at least
 * one entry has Platter's shape is Platter's: its other entries are real mistakes.
 */
const SHAPES: readonly {
  readonly dir: string;
  readonly expected: string;
  readonly fits: (tree: FileTree, entry: string) => boolean;
}[] = [
  {
    dir: 'apps',
    expected: 'apps/<app>/base/ (+ apps/<app>/<stage>/ overlays)',
    fits: (t, e) => t.dirs(e).includes('base'),
  },
  { dir: 'envs', expected: 'envs/<env>/kustomization.yaml', fits: (t, e) => findKustomizationFile(t, e) !== undefined },
  {
    dir: 'stages',
    expected: 'stages/<stage>/kustomization.yaml (a kind: Component)',
    fits: (t, e) => findKustomizationFile(t, e) !== undefined,
  },
  {
    dir: 'runtime',
    expected: 'runtime/<service>/<version>/component.yaml',
    fits: (t, e) => t.dirs(e).some((v) => t.read(`${e}/${v}/component.yaml`) !== undefined),
  },
  { dir: 'tenants', expected: 'tenants/<tenant>/base/', fits: (t, e) => t.dirs(e).includes('base') },
];

export interface PlatterShape {
  /** The top-level directories that are not Platter's. */
  readonly foreign: readonly string[];
  /** One NotPlatterShaped finding per foreign directory. */
  readonly diagnostics: readonly Diagnostic[];
}

export function checkPlatterShape(tree: FileTree): PlatterShape {
  const top = new Set(tree.dirs(''));
  const foreign: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const shape of SHAPES) {
    if (!top.has(shape.dir)) continue;
    const entries = tree.dirs(shape.dir);
    if (entries.some((e) => shape.fits(tree, `${shape.dir}/${e}`))) continue;
    foreign.push(shape.dir);
    const found = [
      ...entries.map((e) => `${shape.dir}/${e}/`),
      ...tree.list(shape.dir).filter((p) => p.split('/').length === 2),
    ];
    const shown =
      found.length > 5 ? `${found.slice(0, 5).join(', ')} (+${found.length - 5} more)` : found.join(', ') || 'nothing';
    diagnostics.push(
      diagnostic(
        'NotPlatterShaped',
        `${shape.dir}/ is not laid out the way Platter reads it (${shape.expected}); found ${shown}. It looks like a Flux repository of another layout: \`platter check\` checks it as it is`,
        shape.dir,
      ),
    );
  }
  return { foreign, diagnostics };
}

/** Drops the findings about files under the foreign directories (the parser read them as Platter's). */
export function withoutForeign(diagnostics: readonly Diagnostic[], foreign: readonly string[]): Diagnostic[] {
  if (!foreign.length) return [...diagnostics];
  return diagnostics.filter((d) => !foreign.some((dir) => d.path === dir || d.path?.startsWith(`${dir}/`)));
}
