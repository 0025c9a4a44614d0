import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';

/**
 * Line numbers in YAML files, for explain: the line of a document (by kind and
 * name, or index) and of a node under it. Read-only: it never writes YAML.
 */
export class YamlLines {
  private readonly files = new Map<string, { docs: ReturnType<typeof parseAllDocuments>; lines: LineCounter } | null>();

  constructor(private readonly read: (path: string) => string | undefined) {}

  /** 1-based line of `path` (keys and list indexes) in the document matching `select`; the document's first line when the path is not there. */
  line(
    file: string,
    select: { kind?: string; name?: string; index?: number },
    path: readonly (string | number)[] = [],
  ): number {
    const parsed = this.parsed(file);
    if (!parsed) return 1;
    const docs = Array.isArray(parsed.docs) ? parsed.docs.filter((d) => d.contents !== null) : [];
    const doc =
      select.index !== undefined
        ? docs[select.index]
        : docs.find((d) => {
            const v = d.toJS() as any;
            return (
              (select.kind === undefined || v?.kind === select.kind) &&
              (select.name === undefined || v?.metadata?.name === select.name)
            );
          });
    if (!doc) return 1;
    let node: unknown = doc.contents;
    let best = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as any)?.value === key || p.key === key);
        if (!pair) break;
        best = (pair.key as Node | null)?.range?.[0] ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        best = item.range?.[0] ?? best;
        node = item;
      } else break;
    }
    return parsed.lines.linePos(best).line;
  }

  private parsed(file: string) {
    let hit = this.files.get(file);
    if (hit === undefined) {
      const text = this.read(file);
      if (text === undefined) hit = null;
      else {
        const lines = new LineCounter();
        hit = { docs: parseAllDocuments(text, { lineCounter: lines }), lines };
      }
      this.files.set(file, hit);
    }
    return hit;
  }
}
