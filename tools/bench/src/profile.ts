import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { progress, removeDir, run, tempDir } from './util';

/** A .cpuprofile as node --cpu-prof writes it. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CostRow {
  readonly fn: string;
  readonly where: string;
  readonly selfMs: number;
  readonly inclusiveMs: number;
}

export interface ProfileSummary {
  readonly scenario: string;
  readonly label: string;
  /** Milliseconds of samples inside the measured window. */
  readonly windowMs: number;
  readonly byInclusive: CostRow[];
  readonly bySelf: CostRow[];
  /** Self time by package or file (node_modules package, or repo-relative source file). */
  readonly bySource: { readonly source: string; readonly selfMs: number }[];
  /** Self time of the runtime's own buckets: (idle) is time waiting (e.g. for git), (garbage collector), (program). */
  readonly special: Record<string, number>;
  /** Extra windows the child marked (e.g. render within render+parse). */
  readonly marks: Record<string, number>;
  /** Inclusive ms of every function above 0.2% of the window, by "fn where" (for comparing two sizes). */
  readonly inclusiveAll: Record<string, number>;
  /** Top-level git commands the scenario ran (GIT_TRACE2_EVENT), wall time each. */
  readonly git?: { readonly command: string; readonly ms: number }[];
  readonly file?: string;
}

/** The git commands a GIT_TRACE2_EVENT file records (top-level processes only; their children are inside them). */
export function readGitTrace(text: string): { command: string; ms: number }[] {
  const started = new Map<string, string>();
  const out: { command: string; ms: number }[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let e: { event?: string; sid?: string; argv?: string[]; t_abs?: number };
    try {
      e = JSON.parse(raw);
    } catch {
      continue;
    }
    if (!e.sid || e.sid.includes('/')) continue;
    if (e.event === 'start' && e.argv) {
      const args = e.argv.slice(1);
      const words: string[] = [];
      for (let i = 0; i < args.length; i++) {
        if (args[i] === '-c' || args[i] === '-C') i++;
        else words.push(args[i]!.replace(/^[a-z]+:\/\/\S*/i, '<url>').replace(/(^|=)\/\S*/, '$1<path>'));
      }
      started.set(e.sid, words.slice(0, 4).join(' '));
    } else if (e.event === 'exit' && started.has(e.sid)) {
      out.push({ command: started.get(e.sid)!, ms: (e.t_abs ?? 0) * 1000 });
    }
  }
  return out;
}

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

function shortUrl(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  const nm = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (nm >= 0) {
    const rest = path.slice(nm + 14).split(sep);
    const pkg = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return `${pkg}/${rest.slice(rest[0]!.startsWith('@') ? 2 : 1).join('/')}`;
  }
  if (path.startsWith(REPO_ROOT)) return relative(REPO_ROOT, path).split(sep).join('/');
  return path;
}

function sourceOf(where: string): string {
  if (!where) return '(native/runtime)';
  if (where.startsWith('node:')) return 'node: built-ins';
  const parts = where.split('/');
  if (where.startsWith('packages/') || where.startsWith('plugins/') || where.startsWith('tools/'))
    return where.replace(/:\d+$/, '');
  // node_modules package (maybe scoped)
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Self and inclusive time per function, over the samples taken between `fromUs` and `toUs`. */
export function analyzeProfile(
  profile: CpuProfile,
  window?: { fromUs: number; toUs: number },
  top = 25,
): Omit<ProfileSummary, 'scenario' | 'label' | 'marks'> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map<number, string>();
  const meta = new Map<string, { fn: string; where: string }>();
  for (const n of profile.nodes) {
    const cf = n.callFrame;
    // Lines of TypeScript sources are positions in tsx's output, not the source: name the file only.
    const short = shortUrl(cf.url);
    const where = cf.url ? (/\.tsx?$/.test(short) ? short : `${short}:${cf.lineNumber + 1}`) : '';
    const fn = cf.functionName || '(anonymous)';
    const key = `${fn}\0${where}`;
    keyOf.set(n.id, key);
    meta.set(key, { fn, where });
  }
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  const n = profile.samples.length;
  for (let i = 0; i < n; i++) {
    t += profile.timeDeltas[i]!;
    const dt = i + 1 < n ? profile.timeDeltas[i + 1]! : 0;
    if (window && (t < window.fromUs || t > window.toUs)) continue;
    const ms = dt / 1000;
    total += ms;
    const leaf = profile.samples[i]!;
    const leafKey = keyOf.get(leaf)!;
    self.set(leafKey, (self.get(leafKey) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const k = keyOf.get(id)!;
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + ms);
    }
  }
  const rows = [...meta.entries()].map(([k, m]) => ({ ...m, selfMs: self.get(k) ?? 0, inclusiveMs: incl.get(k) ?? 0 }));
  const isSpecial = (r: CostRow) => r.fn.startsWith('(') && !r.where;
  // Frames every sample of the scenario sits under (module loading, the child's main, the microtask loop): noise in a top list.
  const isWrapper = (r: CostRow) =>
    /^(node:internal\/(modules|main|process\/task_queues)|tsx\/|tools\/bench\/)/.test(r.where) ||
    (r.fn === 'runMicrotasks' && !r.where);
  const special: Record<string, number> = {};
  for (const r of rows) if (isSpecial(r) && r.fn !== '(root)' && r.selfMs > 0) special[r.fn] = r.selfMs;
  const bySourceMap = new Map<string, number>();
  for (const r of rows)
    if (!isSpecial(r)) bySourceMap.set(sourceOf(r.where), (bySourceMap.get(sourceOf(r.where)) ?? 0) + r.selfMs);
  return {
    windowMs: total,
    byInclusive: rows
      .filter((r) => !isSpecial(r) && !isWrapper(r) && r.inclusiveMs > 0)
      .sort((a, b) => b.inclusiveMs - a.inclusiveMs)
      .slice(0, top),
    bySelf: rows
      .filter((r) => r.selfMs > 0)
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    bySource: [...bySourceMap.entries()]
      .map(([source, selfMs]) => ({ source, selfMs }))
      .filter((s) => s.selfMs > 0)
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, 15),
    special,
    inclusiveAll: Object.fromEntries(
      rows
        .filter((r) => !isSpecial(r) && !isWrapper(r) && r.inclusiveMs >= total * 0.002)
        .map((r) => [`${r.fn} ${r.where}`, r.inclusiveMs]),
    ),
  };
}

/**
 * Runs one scenario of profileChild.ts under `node --cpu-prof` and summarizes
 * the samples inside the measured window. `keepDir` keeps the .cpuprofile.
 */
export async function profileScenario(
  scenario: 'p1' | 'p2' | 'p3',
  args: string[],
  label: string,
  keepDir?: string,
): Promise<ProfileSummary> {
  const dir = tempDir('cpuprof');
  const tsx = require.resolve('tsx/cjs');
  progress(`profile ${label}: node --cpu-prof …`);
  const traceFile = join(dir, 'git-trace2.json');
  const env = scenario === 'p2' ? { ...process.env, GIT_TRACE2_EVENT: traceFile } : process.env;
  const r = await run(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--require', tsx, join(__dirname, 'profileChild.ts'), scenario, ...args],
    { env },
  );
  const gitTrace = scenario === 'p2' ? readGitTrace(readFileSync(traceFile, 'utf8')) : undefined;
  if (r.code !== 0) throw new Error(`profile ${label} failed (${r.code}): ${r.stderr.trim().slice(-2000)}`);
  const w = /@@window (\d+) (\d+)/.exec(r.stdout);
  const marks: Record<string, number> = {};
  for (const m of r.stdout.matchAll(/@@mark (\S+) (\d+) (\d+)/g)) marks[m[1]!] = (Number(m[3]) - Number(m[2])) / 1000;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`profile ${label}: no .cpuprofile written`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const summary = analyzeProfile(profile, w ? { fromUs: Number(w[1]), toUs: Number(w[2]) } : undefined);
  let kept: string | undefined;
  if (keepDir) {
    mkdirSync(keepDir, { recursive: true });
    kept = join(keepDir, `${scenario}-${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.cpuprofile`);
    copyFileSync(join(dir, file), kept);
  }
  removeDir(dir);
  progress(`profile ${label}: ${(summary.windowMs / 1000).toFixed(2)} s sampled`);
  return {
    scenario,
    label,
    ...summary,
    marks,
    ...(gitTrace ? { git: gitTrace } : {}),
    ...(kept ? { file: basename(kept) } : {}),
  };
}
