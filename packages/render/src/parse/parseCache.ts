import { diagnostic, type Diagnostic, type FileTree } from '@platter/model';
import { parseYamlValues, YamlSyntaxError } from '../yaml';

export interface ParsedFile {
  readonly values?: readonly unknown[];
  readonly diagnostic?: Diagnostic;
}

/**
 * Parsed YAML files by path, reused while their text is unchanged: a plan parses
 * the repository before and after the change, and the two differ in a handful
 * of files. Values are shared between readers, so they must not be mutated.
 */
export class ParseCache {
  private readonly entries = new Map<string, { text: string; parsed: ParsedFile }>();

  /**
   * @param parent a cache this one reads through and never writes to: the cache of
   * a commit that many plans share (PlanBase), so that what one plan parses of its
   * tree after the change stays its own.
   */
  constructor(private readonly parent?: ParseCache) {}

  read(tree: FileTree, path: string): ParsedFile {
    const text = tree.read(path);
    if (text === undefined) return { diagnostic: diagnostic('MissingFile', `${path} does not exist`, path) };
    const hit = this.entries.get(path) ?? this.parent?.entries.get(path);
    if (hit && hit.text === text) return hit.parsed;
    const parsed = parseFile(text, path);
    this.entries.set(path, { text, parsed });
    return parsed;
  }
}

function parseFile(text: string, path: string): ParsedFile {
  try {
    return { values: parseYamlValues(text) };
  } catch (e) {
    if (!(e instanceof YamlSyntaxError)) throw e;
    const line = e.line ? ` (line ${e.line})` : '';
    if (e.code === 'YamlAliasLimit') return { diagnostic: diagnostic('YamlAliasLimit', `${path}: ${e.message}`, path) };
    return { diagnostic: diagnostic('InvalidManifest', `${path} is not valid YAML${line}: ${e.message}`, path) };
  }
}
