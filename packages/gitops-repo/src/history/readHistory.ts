import { parseRequest, REQUEST_KIND_SPECS, type RequestKind, type ReviewPath, type FileTree } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { runGit, runGitBytes, type GitAccess } from '../git/_runGit';
import { REQUEST_TRAILER, REQUESTED_BY_TRAILER } from '../git/commitMessage';
import { historyPaths, type HistorySubject } from './historyPaths';

/** One commit that changed what a subject builds from. */
export interface HistoryEntry {
  readonly commit: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  /** `Name <email>` of the author. */
  readonly author: string;
  /** The commit subject (a request's title for Platter's commits). */
  readonly title: string;
  /** `request`: committed by Platter (it has the Platter-Request trailer); `hand`: any other commit. */
  readonly source: 'request' | 'hand';
  /** The request kind, read from the title of a Platter commit. */
  readonly kind?: RequestKind;
  /** The Requested-By trailer. */
  readonly requestedBy?: string;
  readonly requestHash?: string;
  /** The review path the commit message records. */
  readonly review?: ReviewPath;
  /** The changed files of the commit that the subject builds from. */
  readonly files: readonly string[];
  /** Requests that would undo it (Rollback, DisableAddon/EnableAddon, UpgradeComponent back), as request objects. */
  readonly undo: readonly Record<string, unknown>[];
}

export interface ReadHistoryOptions {
  /** Entries to read, newest first. @default 100 */
  readonly limit?: number;
  /** Where to start. @default HEAD */
  readonly ref?: string;
  /**
   * How git reaches the remote when it must (a blobless clone fetches the blobs
   * an undo offer reads on demand): a private remote's credentials.
   */
  readonly access?: GitAccess;
}

/**
 * An env's, stage's or app's history from `git log` of the paths it builds from
 * (historyPaths, on `tree`, the repository at `ref`): the requests that changed
 * it (when, Requested-By, kind, commit, review path) and the hand commits, newest
 * first, each with the requests that would undo it where a request kind can
 * (an app pin moved: Rollback to the pin before; a stage's component version
 * moved: UpgradeComponent back; an addon enabled or disabled, in a stage or as an
 * env override: the opposite). `git log` in batches of commits, filtered by the
 * paths here, and one `cat-file --batch` for all entries. Merge commits show
 * through the commits they merge. `dir` is the repository (a work tree or a bare
 * repository).
 */
export async function readHistory(
  dir: string,
  tree: FileTree,
  subject: HistorySubject,
  options: ReadHistoryOptions = {},
): Promise<HistoryEntry[]> {
  const paths = historyPaths(tree, subject);
  const relevant = pathMatcher(paths);
  const limit = options.limit ?? 100;
  const format = [
    '%H',
    '%P',
    '%aI',
    '%an <%ae>',
    '%s',
    `%(trailers:key=${REQUEST_TRAILER},valueonly)`,
    `%(trailers:key=${REQUESTED_BY_TRAILER},valueonly)`,
    '%b',
  ].join('%x00');
  // The log in batches, filtered here: hundreds of pathspecs make git match every commit's changes against
  // each of them, where a set lookup per changed file is cheap. Stops at `limit` entries.
  const raw: {
    commit: string;
    parent?: string;
    date: string;
    author: string;
    title: string;
    hash: string;
    by: string;
    body: string;
    files: string[];
  }[] = [];
  const batch = Math.max(1000, limit * 10);
  for (let skip = 0; raw.length < limit; skip += batch) {
    const log = await runGit(
      ['log', `--skip=${skip}`, `-n${batch}`, `--format=%x1e${format}%x00`, '--name-only', options.ref ?? 'HEAD', '--'],
      { cwd: dir, ...options.access },
    );
    const records = log.stdout.split('\x1e').filter((r) => r.trim());
    for (const record of records) {
      const [commit, parents, date, author, title, hash, by, body, names] = record.split('\x00') as string[];
      const files = names!.split('\n').filter((f) => f && relevant(f));
      if (!files.length) continue;
      raw.push({
        commit: commit!,
        parent: parents!.split(' ')[0] || undefined,
        date: date!,
        author: author!,
        title: title!,
        hash: hash!.trim(),
        by: by!.trim(),
        body: body!,
        files,
      });
      if (raw.length === limit) break;
    }
    if (records.length < batch) break;
  }
  const wanted = raw.flatMap((r) =>
    r.files
      .filter((f) => UNDOABLE.some((u) => u.test(f)))
      .flatMap((f) => [...(r.parent ? [`${r.parent}:${f}`] : []), `${r.commit}:${f}`]),
  );
  const blobs = await readBlobs(dir, wanted, options.access);
  return raw.map((r) => {
    const files = r.files;
    const request = r.hash !== '';
    const review = /^Review: (direct|platform-review)$/m.exec(r.body)?.[1] as ReviewPath | undefined;
    const kind = request ? kindOfTitle(r.title) : undefined;
    return {
      commit: r.commit,
      date: r.date,
      author: r.author,
      title: r.title,
      source: request ? 'request' : 'hand',
      ...(kind ? { kind } : {}),
      ...(r.by ? { requestedBy: r.by.split('\n')[0]! } : {}),
      ...(request ? { requestHash: r.hash.split('\n')[0]! } : {}),
      ...(review ? { review } : {}),
      files,
      undo: files
        .flatMap((f) => undoOf(f, r.parent ? blobs.get(`${r.parent}:${f}`) : undefined, blobs.get(`${r.commit}:${f}`)))
        .filter(isValidRequest),
    };
  });
}

/** Files whose change a request kind can undo. */
const UNDOABLE = [
  /^apps\/[^/]+\/(?:[^/]+|envs\/[^/]+)\/(?:release|kustomization)\.yaml$/,
  /^stages\/[^/]+\/runtime\/[^/]+\.yaml$/,
  /^envs\/[^/]+\/kustomization\.yaml$/,
];

/** The requests that undo one file's change (before -> after), from what the file says on each side. */
function undoOf(path: string, before: string | undefined, after: string | undefined): Record<string, unknown>[] {
  if (before === undefined || after === undefined) return [];
  const [b, a] = [docs(before), docs(after)];
  const p = path.split('/');
  if (p[0] === 'apps') {
    const target = p[2] === 'envs' ? { env: p[3] } : { stage: p[2] };
    const pin = (d: any[]) =>
      d.find((x) => x?.kind === 'HelmRelease')?.spec?.chart?.spec?.version ?? d[0]?.images?.[0]?.newTag;
    const [was, is] = [pin(b), pin(a)];
    return typeof was === 'string' && was !== is ? [{ kind: 'Rollback', app: p[1], target, version: was }] : [];
  }
  if (p[0] === 'stages') {
    const service = p[3]!.replace(/\.yaml$/, '');
    const ks = (d: any[]) => d.find((x) => x?.kind === 'Kustomization')?.spec ?? {};
    const [was, is] = [ks(b), ks(a)];
    const version = (s: any) =>
      typeof s.path === 'string' ? /\/runtime\/[^/]+\/([^/]+)\/_base\/?$/.exec(s.path)?.[1] : undefined;
    const out: Record<string, unknown>[] = [];
    if (version(was) && version(is) && version(was) !== version(is))
      out.push({ kind: 'UpgradeComponent', stage: p[1], service, version: version(was) });
    else out.push(...addonUndo(service, addonsOf(was.components), addonsOf(is.components), { stage: p[1] }));
    return out;
  }
  // envs/<env>/kustomization.yaml: env addon overrides (JSON6902 `add /spec/components/-` on runtime-<svc>).
  const overrides = (d: any[]) => {
    const out = new Map<string, string[]>();
    for (const entry of Array.isArray(d[0]?.patches) ? d[0].patches : []) {
      const svc = /^runtime-(.+)$/.exec(String(entry?.target?.name ?? ''))?.[1];
      if (!svc || typeof entry.patch !== 'string') continue;
      for (const op of (docs(entry.patch)[0] as any[]) ?? []) {
        if (op?.op === 'add' && op.path === '/spec/components/-')
          out.set(svc, [...(out.get(svc) ?? []), ...addonsOf([op.value])]);
      }
    }
    return out;
  };
  const [was, is] = [overrides(b), overrides(a)];
  return [...new Set([...was.keys(), ...is.keys()])]
    .sort()
    .flatMap((svc) => addonUndo(svc, was.get(svc) ?? [], is.get(svc) ?? [], { env: p[1] }));
}

const addonsOf = (components: unknown): string[] =>
  Array.isArray(components)
    ? components.filter((c): c is string => typeof c === 'string').map((c) => c.split('/').pop()!)
    : [];

function addonUndo(
  service: string,
  was: readonly string[],
  is: readonly string[],
  target: { stage?: string; env?: string },
): Record<string, unknown>[] {
  return [
    ...is.filter((x) => !was.includes(x)).map((addon) => ({ kind: 'DisableAddon', service, addon, ...target })),
    ...was.filter((x) => !is.includes(x)).map((addon) => ({ kind: 'EnableAddon', service, addon, ...target })),
  ];
}

function docs(text: string): any[] {
  try {
    return parseYamlValues(text) as any[];
  } catch {
    return [];
  }
}

const isValidRequest = (r: Record<string, unknown>): boolean => {
  try {
    parseRequest(r);
    return true;
  } catch {
    return false;
  }
};

/**
 * The kind of a Platter commit, from its title: each kind's `describe` is run on
 * a request whose every field is a marker (and, for optional or alternative
 * fields, left out: a stage or an env target, a version), giving the fixed words
 * of its titles in order ("Remove ", " from stage "). A title matches a kind when
 * it holds those words in that order from its start; the most specific match
 * (most fixed text) wins. Derived from the kinds' specs: a new kind needs nothing here.
 */
export function kindOfTitle(title: string): RequestKind | undefined {
  let best: { kind: RequestKind; score: number } | undefined;
  for (const { kind, pattern, score } of titlePatterns()) {
    if ((!best || score > best.score) && pattern.test(title)) best = { kind, score };
  }
  return best?.kind;
}

// Fields a title mentions only when given (a target, a version, a list of stages or targets).
const OPTIONAL_FIELDS: readonly (readonly string[])[] = [
  [],
  ['stage'],
  ['env'],
  ['version'],
  ['stages'],
  ['targets'],
  ['stage', 'version'],
  ['env', 'version'],
];
let patterns: { kind: RequestKind; pattern: RegExp; score: number }[] | undefined;

function titlePatterns() {
  if (patterns) return patterns;
  const MARK = '\u0001';
  patterns = [];
  for (const spec of REQUEST_KIND_SPECS) {
    for (const absent of OPTIONAL_FIELDS) {
      const marker: any = new Proxy(
        {},
        {
          get: (_t, key) => {
            if (typeof key === 'string' && absent.includes(key)) return undefined;
            if (key === Symbol.toPrimitive || key === 'toString' || key === 'valueOf') return () => MARK;
            if (key === 'length') return 0;
            if (key === Symbol.iterator) return [][Symbol.iterator];
            if (key === 'map' || key === 'filter') return () => [];
            if (key === 'join') return () => MARK;
            return marker;
          },
        },
      );
      let text: string;
      try {
        text = String((spec as { describe: (r: unknown) => string }).describe(marker));
      } catch {
        continue; // a describe that cannot run on markers: its commits show without a kind
      }
      const parts = text.split(MARK);
      if (!parts[0]!.trim()) continue;
      const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      patterns.push({
        kind: spec.kind as RequestKind,
        pattern: new RegExp(`^${parts.map(escape).join('.*?')}`),
        score: parts.join('').length,
      });
    }
  }
  return patterns;
}

/** Whether a path is under one of historyPaths' pathspecs (a file, `dir/`, or `:(glob)` with * and **): a set lookup per ancestor. */
function pathMatcher(specs: readonly string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const spec of specs) {
    if (spec.startsWith(':(glob)')) {
      const re = spec
        .slice(7)
        .split('**')
        .map((part) =>
          part
            .split('*')
            .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]*'),
        )
        .join('.*');
      globs.push(new RegExp(`^${re}$`));
    } else exact.add(spec);
  }
  return (path) => {
    if (exact.has(path)) return true;
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1))
      if (exact.has(path.slice(0, i + 1))) return true;
    return globs.some((g) => g.test(path));
  };
}

/** `<rev>:<path>` -> content, by one `git cat-file --batch` (missing objects are left out). */
async function readBlobs(
  dir: string,
  specs: readonly string[],
  access: GitAccess | undefined,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!specs.length) return out;
  const unique = [...new Set(specs)];
  const data = await runGitBytes(['cat-file', '--batch'], {
    cwd: dir,
    input: `${unique.join('\n')}\n`,
    ...access,
  });
  let at = 0;
  for (const spec of unique) {
    const eol = data.indexOf(10, at);
    const header = data.subarray(at, eol).toString('utf8');
    at = eol + 1;
    if (header.endsWith(' missing')) continue;
    const size = Number(header.split(' ')[2]);
    out.set(spec, data.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return out;
}
