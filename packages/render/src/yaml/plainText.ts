/**
 * The fast path of writing a new document (issue 17: render at scale). Writing
 * through the yaml package builds a node per value and walks it with a context
 * per node: about 12 ms of every env's 12.6 ms in a full render. A new document
 * from plain data is a block map or sequence whose layout with Platter's fixed
 * options (indent 2, sequences indented, no line width, no flow collections but
 * empty ones) is simple; what is hard is each scalar's text (plain, quoted,
 * double-quoted, a block literal; the YAML 1.1 types a string must not read as).
 * So this module lays out the collections itself and asks the yaml package for
 * each scalar's text, once per distinct scalar (`probe`, memoized): the bytes are
 * the yaml package's, only the walk is ours. Names and paths, most of what a
 * render writes, are written as they are without asking (`isVerbatim`).
 *
 * It writes exactly what the yaml package would, or nothing: anything outside
 * that layout (a scalar at the root, `undefined` in a list, a Map, a Date, a
 * class instance, a key written as `? key`, an empty scalar text, ...) returns
 * undefined and the caller writes the document the slow way. plainText.test.ts
 * compares both on random values.
 *
 * Why the memo may ignore indentation: with no line width, a scalar's text
 * depends on its indentation only when it spans lines (a block literal's lines
 * are indented) or a line starts with a document marker (`---`, `...`, `%`);
 * those are memoized per indentation.
 */

/** The yaml package's text of a one-document value (the slow path, and the probe). */
export type WriteDocument = (value: unknown) => string;

/**
 * Texts a memo keeps before it starts over: it lives as long as the process (a backend renders
 * plans for days), so it is bounded, to a few MB. A render of 10,000 envs meets tens of thousands of
 * distinct strings; starting over costs only the probes of those that are not verbatim.
 */
const MEMO_LIMIT = 50_000;
const PROBE_KEY = 'k';

/**
 * Strings written as they are, as keys and as values, without asking: a name or
 * a path (letters, digits, `.`, `_`, `/`, `-`) that starts with a letter or `./`
 * and is longer than `false`. The yaml package quotes a plain string only when it
 * starts with an indicator (`-`, `?`, `#`, `&`, `*`, `%`, quotes, brackets, ...) or
 * a document marker, holds `: `, ` #`, a line break or a control character, ends
 * in `:` or a space, or would read as another YAML 1.1 type: those all start with
 * a digit, a sign or `.` and a digit or `inf`/`nan` (numbers, timestamps) or are
 * one of the words y, yes, n, no, true, false, on, off, null, ~ (five letters at
 * most). A key is written plain up to 1,024 characters. plainText.test.ts checks
 * this against the yaml package for random such strings.
 */
const VERBATIM = /^(?:[A-Za-z]|\.\/)[\w./-]*$/;
export const isVerbatim = (s: string): boolean => s.length > 5 && s.length <= 1000 && VERBATIM.test(s);

export function plainDocumentWriter(write: WriteDocument): (value: unknown) => string | undefined {
  // Texts by scalar; a string or key whose text depends on its indentation, by indentation and string.
  const strings = new Map<string, string | null>();
  const others = new Map<number | boolean | null, string | null>();
  const indented = new Map<string, string | null>();
  const keys = new Map<string, string | null>();
  const indentedKeys = new Map<string, string | null>();

  /** Nested maps `{k: {k: ... inner}}` putting `inner`'s pair at map indentation `depth` (in steps of 2). */
  const nest = (depth: number, inner: Record<string, unknown>): { value: unknown; prefix: string } => {
    let value: Record<string, unknown> = inner;
    let prefix = '';
    for (let i = 0; i < depth; i++) {
      value = { [PROBE_KEY]: value };
      prefix += `${'  '.repeat(i)}${PROBE_KEY}:\n`;
    }
    return { value, prefix: prefix + '  '.repeat(depth) };
  };

  /** The text of a scalar as the value of a pair (or a list item) whose value indentation is `indent` (>= 2). */
  const probeValue = (v: unknown, indent: number): string | null => {
    const { value, prefix } = nest(indent / 2 - 1, { [PROBE_KEY]: v });
    const text = write(value);
    const head = `${prefix}${PROBE_KEY}: `;
    if (!text.startsWith(head) || !text.endsWith('\n')) return null;
    const s = text.slice(head.length, -1);
    // An empty text or one starting on the next line changes the pair's spacing: the slow path.
    return s === '' || s[0] === '\n' ? null : s;
  };

  /** The text of a map key in a map at indentation `indent - 2`. */
  const probeKey = (k: string, indent: number): string | null => {
    const { value, prefix } = nest(indent / 2 - 1, { [k]: 1 });
    const text = write(value);
    if (!text.startsWith(prefix) || !text.endsWith(': 1\n')) return null;
    const s = text.slice(prefix.length, -4);
    // An explicit key (`? key`), or one spanning lines: the slow path.
    return s === '' || s.startsWith('? ') || s.includes('\n') ? null : s;
  };

  const remember = <K>(memo: Map<K, string | null>, key: K, text: string | null) => {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, text);
    return text;
  };

  const dependsOnIndent = (s: string) => s.includes('\n') || /^(?:%|---|\.\.\.)/.test(s);

  // No closure or array per call, and the memo first: a full render asks for millions of scalars.
  // A string in `strings` (or `keys`) is one whose text does not depend on its indentation.
  const scalar = (v: unknown, indent: number): string | null => {
    if (typeof v === 'string') {
      const known = strings.get(v);
      if (known !== undefined) return known;
      if (isVerbatim(v)) return remember(strings, v, v);
      if (!dependsOnIndent(v)) return remember(strings, v, probeValue(v, indent));
      const key = `${indent}\0${v}`;
      const hit = indented.get(key);
      return hit !== undefined ? hit : remember(indented, key, probeValue(v, indent));
    }
    // -0 is left to the slow path: a Map takes it for 0.
    if ((typeof v === 'number' && !Object.is(v, -0)) || typeof v === 'boolean' || v === null) {
      const known = others.get(v);
      return known !== undefined ? known : remember(others, v, probeValue(v, indent));
    }
    return null;
  };

  const keyText = (k: string, indent: number): string | null => {
    const known = keys.get(k);
    if (known !== undefined) return known;
    if (isVerbatim(k)) return remember(keys, k, k);
    if (!dependsOnIndent(k)) return remember(keys, k, probeKey(k, indent));
    const key = `${indent}\0${k}`;
    const hit = indentedKeys.get(key);
    return hit !== undefined ? hit : remember(indentedKeys, key, probeKey(k, indent));
  };

  const isPlainObject = (v: object): v is Record<string, unknown> => {
    const proto = Object.getPrototypeOf(v);
    return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
  };

  /**
   * Writes a collection at indentation `indent` (its first line unindented) into `out`, in pieces
   * joined once per document: a string built by `+=` is a rope of them, several times the
   * bytes, and a full render keeps some 100 MB of YAML. False: the yaml package must write it.
   */
  const collection = (v: object, indent: string, out: string[]): boolean => {
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return out.push('[]') > 0;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        out.push(i === 0 ? '- ' : `\n${indent}- `);
        if (typeof item === 'object' && item !== null) {
          if (!collection(item, inner, out)) return false;
        } else {
          const text = scalar(item, inner.length);
          if (text === null) return false;
          out.push(text);
        }
      }
      return true;
    }
    if (!isPlainObject(v)) return false;
    let first = true;
    for (const k of Object.keys(v)) {
      const item = v[k];
      if (item === undefined) continue;
      const kt = keyText(k, inner.length);
      if (kt === null) return false;
      out.push(first ? kt : `\n${indent}${kt}`);
      first = false;
      if (typeof item === 'object' && item !== null) {
        const separator = out.push('') - 1;
        if (!collection(item, inner, out)) return false;
        // An empty collection is written in flow style on the key's line.
        const only = out.length === separator + 2 ? out[separator + 1] : undefined;
        out[separator] = only === '[]' || only === '{}' ? ': ' : `:\n${inner}`;
      } else {
        const text = scalar(item, inner.length);
        if (text === null) return false;
        out.push(': ', text);
      }
    }
    if (first) out.push('{}');
    return true;
  };

  return (value) => {
    if (typeof value !== 'object' || value === null) return undefined;
    const out: string[] = [];
    if (!collection(value, '', out)) return undefined;
    out.push('\n');
    return out.join('');
  };
}
