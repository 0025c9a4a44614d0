import { layout, parseFreezes, type Diagnostic, type FileTree, type Freeze } from '@platter/model';
import { parseYamlValues } from '../yaml';

/**
 * The freezes of a repository's platter.yaml (issue 19 §4), for readers that
 * have a tree but no plan: `platter freezes`, the backend's /lifecycle route,
 * validate. A missing or unreadable platter.yaml has none (its own findings are
 * validate's).
 */
export function readFreezes(tree: FileTree): { freezes: Freeze[]; diagnostics: Diagnostic[] } {
  const text = tree.read(layout.settings);
  if (text === undefined) return { freezes: [], diagnostics: [] };
  let doc: unknown;
  try {
    doc = parseYamlValues(text)[0];
  } catch {
    return { freezes: [], diagnostics: [] };
  }
  return parseFreezes(doc);
}
