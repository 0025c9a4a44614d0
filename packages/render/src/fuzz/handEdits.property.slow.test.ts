import fc from 'fast-check';
import { diffArrays } from 'diff';
import { isPlatterError, layout, MemoryFileTree, parseRequest, REQUEST_KINDS, type FileChange } from '@platter/model';
import { exampleRepository } from '../example';
import { plan, type Plan } from '../plan';
import { TEST_NOW } from '../testing';
import { fileFieldChanges } from '../render';
import { parseYamlValues } from '../yaml';
import { REQUESTS } from './hostile';
import { SETUP_FILES, SETUP_REQUESTS, VALID_REQUESTS } from './validRequests';

/**
 * Issue 14 part 4: a request never undoes a hand edit. Over every request kind
 * of the kind list (REQUEST_KINDS: a kind added later is covered, or this test
 * fails until it has requests), on a repository with random hand edits,
 * applying any valid request leaves every byte outside the request's own change
 * as it was.
 *
 * The repository: the example fleet plus SETUP_REQUESTS (so every kind has
 * something to act on), `U`. Hand edits make `E` from it: full-line comments
 * (`# hand N`) before any line, trailing comments (`# hand N`) after any
 * line, tuned managed fields (an `interval` or `timeout` given other minutes),
 * unknown fields (`handN: kept` as the first key of any map), and unmanaged
 * files. An edit that would change a value it does not mean to (a comment
 * inside a block scalar) is not made.
 *
 * "The request's own change" is computed from the plan on the unedited `U`:
 * the files it adds or deletes, and in each file it modifies, the fields it
 * changes (`fileFieldChanges(U_f, U'_f)`: field paths with their new values) and
 * the lines it removes and adds (the line diff of U_f -> U'_f). The property,
 * with `E'` the repository after the plan on `E`:
 *
 * 1. the plan on E changes exactly the files the plan on U changes (every other
 *    file, unmanaged ones included, keeps all its bytes); a file it adds is
 *    wholly its change (a copy of a hand-edited file keeps the hand edits, a
 *    directory it creates by copying holds copies of unmanaged files too); a directory the request removes whole (an env, an
 *    app, a component version) is part of its change, unmanaged files in it too;
 * 2. in each modified file, the fields that change are the request's own fields,
 *    with the same new values: tuned managed fields and unknown fields outside
 *    them keep their values;
 * 3. byte for byte, the lines E_f loses and E'_f gains are the request's own
 *    lines (seen without the hand edits on them: a trailing hand comment
 *    stripped, a tuned value read as it was; a value the request writes may go
 *    on its own line under a hand comment kept on its key), and a hand-added
 *    line is lost only with the line after it (a comment goes with the list
 *    item it stands on).
 *
 * Seeded; fast-check prints the seed and the shrunk input of a failure.
 */
const SEED = 20261207;
/** Runs per kind: 5 in the suite (about a second a kind); PLATTER_PROPERTY_RUNS=25 to look harder, PLATTER_PROPERTY_SHRINK=0 to skip shrinking. */
const RUNS_PER_KIND = Number(process.env.PLATTER_PROPERTY_RUNS ?? 5);
jest.setTimeout(600_000);

const setup = (): MemoryFileTree => {
  const tree = exampleRepository();
  for (const [path, text] of Object.entries(SETUP_FILES)) tree.write(path, text);
  for (const r of SETUP_REQUESTS) {
    try {
      tree.apply(plan(tree, parseRequest(r), { now: TEST_NOW }).changes);
    } catch {
      // a setup request the fleet refuses only leaves its kinds less to act on
    }
  }
  return tree;
};
const U = setup();
/** Files a person may edit: YAML, but not .sops.yaml (generated whole: any edit is ManagedFileEdited, like CODEOWNERS). */
const YAML_FILES = U.list('')
  .filter((p) => /\.ya?ml$/.test(p) && p !== layout.sopsConfig)
  .sort();

interface HandEdit {
  readonly type: 'comment' | 'trailing' | 'tune' | 'unknown' | 'file';
  readonly file: number;
  readonly line: number;
  readonly n: number;
  /** On a file the request modifies (where a hand edit can meet the change). */
  readonly focus: boolean;
}
const handEdit: fc.Arbitrary<HandEdit> = fc.record({
  type: fc.constantFrom('comment', 'trailing', 'trailing', 'tune', 'tune', 'unknown', 'file'),
  file: fc.nat(),
  line: fc.nat(),
  n: fc.integer({ min: 1, max: 59 }),
  focus: fc.boolean(),
});

/** What the hand edits did to one file, to read its lines back without them. */
interface Made {
  /** Lines that are hand-added whole. */
  readonly added: Set<string>;
  /** Tuned line -> the line as Platter wrote it. */
  readonly tuned: Map<string, string>;
}

/** Hand edits made on files the request modifies, per kind (the test would prove little without them). */
let editsMet = 0;

/** Applies the hand edits that keep the file readable and change only what they mean to. */
function handEdited(
  edits: readonly HandEdit[],
  focus: readonly string[],
): { tree: MemoryFileTree; made: Map<string, Made> } {
  const tree = MemoryFileTree.from(U);
  const made = new Map<string, Made>();
  edits.forEach((e, i) => {
    if (e.type === 'file') {
      tree.write(
        `${YAML_FILES[e.file % YAML_FILES.length]!.replace(/[^/]+$/, '')}hand-notes-${i}.md`,
        `# notes ${e.n}\n`,
      );
      return;
    }
    const files = e.focus && focus.length ? focus : YAML_FILES;
    const path = files[e.file % files.length]!;
    const text = tree.read(path)!;
    const lines = text.split('\n');
    const at = e.line % Math.max(lines.length - 1, 1);
    const line = lines[at]!;
    const indent = /^\s*(- )?/.exec(line)![0].replace('- ', '  ');
    const m = made.get(path) ?? { added: new Set<string>(), tuned: new Map<string, string>() };
    let next: string[] | undefined;
    let expectSame = true;
    if (e.type === 'comment' && line !== '---') {
      const c = `${/^\s*/.exec(line)![0]}# hand ${i}`;
      next = [...lines.slice(0, at), c, ...lines.slice(at)];
      m.added.add(c);
    } else if (e.type === 'trailing' && line.trim() && !line.includes('#') && line !== '---') {
      next = lines.map((l, j) => (j === at ? `${l} # hand ${i}` : l));
    } else if (e.type === 'tune') {
      const tunable = lines.findIndex((l, j) => j >= at && /^\s*(interval|timeout): \d+m$/.test(l));
      if (tunable >= 0 && !m.tuned.has(lines[tunable]!)) {
        const was = lines[tunable]!;
        const tuned = was.replace(/\d+m$/, `${e.n}m`);
        if (tuned !== was) {
          next = lines.map((l, j) => (j === tunable ? tuned : l));
          m.tuned.set(tuned, [...m.tuned].find(([t]) => t === was)?.[1] ?? was);
          expectSame = false;
        }
      }
    } else if (e.type === 'unknown' && /^\s*[A-Za-z][\w.-]*:$/.test(line)) {
      const u = `${indent}  hand${i}: kept`;
      next = [...lines.slice(0, at + 1), u, ...lines.slice(at + 1)];
      m.added.add(u);
      expectSame = false;
    }
    if (!next) return;
    const edited = next.join('\n');
    try {
      const before = parseYamlValues(text);
      const after = parseYamlValues(edited);
      if (expectSame && JSON.stringify(before) !== JSON.stringify(after)) return;
      if (before.length !== after.length) return;
    } catch {
      return;
    }
    tree.write(path, edited);
    made.set(path, m);
    if (focus.includes(path)) editsMet++;
  });
  return { tree, made };
}

const HAND_TRAILING = / # hand \d+$/;
/** A line of a hand-edited file as Platter wrote it; null for a line a person added whole. */
const asWritten = (line: string, m: Made | undefined): string | null => {
  if (m?.added.has(line)) return null;
  const bare = line.replace(HAND_TRAILING, '');
  return m?.tuned.get(bare) ?? bare;
};

/** Lines removed and added by a change (as multisets). */
function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffArrays(before.split('\n'), after.split('\n'))) {
    if (part.removed) removed.push(...part.value);
    else if (part.added) added.push(...part.value);
  }
  return { removed, added };
}

const take = (pool: string[], line: string): boolean => {
  const i = pool.indexOf(line);
  if (i < 0) return false;
  pool.splice(i, 1);
  return true;
};

/** The directories a path is in: `a/b/c` -> `a`, `a/b`. */
const ancestors = (path: string): string[] =>
  path
    .split('/')
    .slice(0, -1)
    .map((_, i, parts) => parts.slice(0, i + 1).join('/'));

const byPath = (changes: readonly FileChange[]) => new Map(changes.map((c) => [c.path, c] as const));

function checkRequestOnHandEdits(request: Record<string, unknown>, onU: Plan, edits: readonly HandEdit[]): void {
  const focus = onU.changes.filter((c) => c.op === 'modify' && YAML_FILES.includes(c.path)).map((c) => c.path);
  const { tree: E, made } = handEdited(edits, focus);
  const onE = plan(E, parseRequest(request), { now: TEST_NOW });
  const u = byPath(onU.changes);
  const e = byPath(onE.changes);
  // 1. The same files, the same operations (what an added file holds is the change itself: a copy of a
  // hand-edited file, a stage's or a version's, keeps its hand edits). A directory the request
  // removes whole (an env, an app, a component version) goes with the unmanaged files a person put in it.
  const gone = [...u.values()].filter((c) => c.op === 'delete').map((c) => c.path);
  const removedDirs = new Set(gone.flatMap(ancestors).filter((d) => U.list(d).every((f) => gone.includes(f))));
  const inRemovedDir = (p: string) => [...removedDirs].some((d) => p.startsWith(`${d}/`));
  // Likewise a directory it creates (a copy of a version or a stage) holds the copies of unmanaged files too.
  const createdDirs = new Set(
    [...u.values()]
      .filter((c) => c.op === 'add')
      .flatMap((c) => ancestors(c.path))
      .filter((d) => U.list(d).length === 0),
  );
  const inCreatedDir = (p: string) => [...createdDirs].some((d) => p.startsWith(`${d}/`));
  const ops = (m: Map<string, FileChange>) =>
    [...m]
      .filter(([p, c]) => !(c.op === 'delete' && inRemovedDir(p)) && !(c.op === 'add' && inCreatedDir(p)))
      .map(([p, c]) => `${c.op} ${p}`);
  expect(ops(e)).toEqual(ops(u));
  for (const [path, c] of e) {
    if (c.op !== 'modify') continue;
    const cu = u.get(path)!;
    try {
      checkFile(path, c, cu, made.get(path));
    } catch (err) {
      // The texts, to see what happened (the shrunk input alone does not show them).
      throw new Error(
        `${path}\n--- hand-edited:\n${c.before}\n--- after the request:\n${c.after}\n--- ${(err as Error).message}`,
      );
    }
  }
}

/** Checks 2 and 3 on one modified file. */
function checkFile(path: string, c: FileChange, cu: FileChange, m: Made | undefined): void {
  // 2. The fields that change are the request's own, with the same new values.
  if (/\.ya?ml$/.test(path)) {
    const own = fileFieldChanges(cu.before, cu.after).map((f) => [f.field, f.to]);
    const changed = fileFieldChanges(c.before, c.after).map((f) => [f.field, f.to]);
    expect({ path, fields: changed }).toEqual({ path, fields: own });
  }
  // 3. The lines lost and gained are the request's own lines; a hand-added line goes only with its anchor.
  const ownLines = lineDiff(cu.before!, cu.after!);
  const lines = c.before!.split('\n');
  const parts = diffArrays(lines, c.after!.split('\n'));
  let i = 0;
  const removedAt = new Set<number>();
  for (const part of parts) {
    if (part.added) continue;
    if (part.removed) for (let k = 0; k < part.value.length; k++) removedAt.add(i + k);
    i += part.value.length;
  }
  for (const at of removedAt) {
    const written = asWritten(lines[at]!, m);
    if (written === null) {
      // The line it stands on (the next one Platter wrote) goes too.
      let next = at + 1;
      while (next < lines.length && asWritten(lines[next]!, m) === null) next++;
      expect({ path, line: lines[at], anchorRemoved: removedAt.has(next) }).toEqual({
        path,
        line: lines[at],
        anchorRemoved: true,
      });
    } else
      expect({ path, removed: written, own: take(ownLines.removed, written) }).toEqual({
        path,
        removed: written,
        own: true,
      });
  }
  const afterLines = c.after!.split('\n');
  // A value the request writes (`components: []`) may go under a hand comment it keeps on the key.
  const underComment = (line: string) =>
    ownLines.added.find((l) => {
      const kv = /^(\s*)([^\s#][^:]*):\s(.+)$/.exec(l);
      return kv && kv[3] === line.trim() && afterLines.includes(`${kv[1]}${kv[2]}:`) && take(ownLines.added, l);
    }) !== undefined;
  for (const part of parts.filter((p) => p.added))
    for (const line of part.value) {
      const written = asWritten(line, m) ?? line;
      const own = take(ownLines.added, written) || underComment(written);
      expect({ path, added: line, own }).toEqual({ path, added: line, own: true });
    }
}

describe('a request leaves every byte outside its own change as it was, on a hand-edited repository (issue 14)', () => {
  const kinds = REQUEST_KINDS.map((k) => [k] as const);
  it.each(kinds)('%s', (kind) => {
    const fixed = VALID_REQUESTS[kind];
    const generated = REQUESTS[kind];
    if (!fixed && !generated)
      throw new Error(`no requests for kind ${kind}: add valid ones to fuzz/validRequests.ts (VALID_REQUESTS)`);
    // Requests the unedited repository accepts, each with its plan there (the request's own change).
    const accepted: { request: Record<string, unknown>; onU: Plan }[] = [];
    const candidates = [...(fixed ?? []), ...(generated ? fc.sample(generated, { seed: SEED, numRuns: 20 }) : [])];
    for (const request of candidates) {
      if (accepted.length >= 4) break;
      try {
        accepted.push({ request, onU: plan(U, parseRequest(request), { now: TEST_NOW }) });
      } catch (err) {
        if (!isPlatterError(err) && !(err as { code?: string }).code) throw err;
      }
    }
    expect({ kind, accepted: accepted.length > 0 }).toEqual({ kind, accepted: true });
    editsMet = 0;
    const modifies = accepted.some((a) => a.onU.changes.some((c) => c.op === 'modify' && YAML_FILES.includes(c.path)));
    fc.assert(
      fc.property(
        fc.nat({ max: accepted.length - 1 }),
        fc.array(handEdit, { minLength: 5, maxLength: 40 }),
        (i, edits) => checkRequestOnHandEdits(accepted[i]!.request, accepted[i]!.onU, edits),
      ),
      { seed: SEED, numRuns: RUNS_PER_KIND, endOnFailure: process.env.PLATTER_PROPERTY_SHRINK === '0' },
    );
    if (modifies) expect({ kind, editsMet: editsMet > 0 }).toEqual({ kind, editsMet: true });
  });
});
