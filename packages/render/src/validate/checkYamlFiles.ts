import type { Diagnostic, FileTree } from '@platter/model';
import type { ParseCache } from '../parse/parseCache';

/**
 * The alias cap (yaml.ts checkAliasExpansion) over every YAML file of the
 * repository, read by a build or not: a values file only a generator reads is
 * still parsed by kustomize, which expands every alias (issue 22 item 7). Only
 * files with both an anchor and an alias indicator are parsed; only the
 * YamlAliasLimit findings are reported here (the builds report the rest).
 * `paths`: only these files (incremental validation: the changed ones).
 */
export function checkYamlFiles(
  tree: FileTree,
  cache: ParseCache,
  paths: readonly string[] = tree.list(''),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const path of paths) {
    if (!/\.ya?ml$/.test(path)) continue;
    const text = tree.read(path);
    if (text === undefined || !text.includes('&') || !text.includes('*')) continue;
    const d = cache.read(tree, path).diagnostic;
    if (d?.code === 'YamlAliasLimit') out.push(d);
  }
  return out;
}
