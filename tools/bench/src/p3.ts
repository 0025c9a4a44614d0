import { existsSync, mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FleetShape } from '@platter/tools-fleet';
import { fmtInt, fmtMiB, fmtMs, fmtRatio, median, mustRun, nowMs, progress, removeDir, run } from './util';

export const ONE_GIB = 2 ** 30;

/**
 * Render before issue 17's speed-up: the commit before its first change to
 * packages/render (the YAML fast path, 51dc7fc). P3 times that render in the
 * same child harness, on the same model, in the same run: the ratio is against it.
 */
export const RENDER_BASELINE_COMMIT = '617d4fb9b115e500dd50df35b6348d2006be7641';
/** Issue 17 goal 4: 10,000 envs render in at most this long, and at least this many times faster than before. */
export const RENDER_GOAL = { envs: 10_000, maxMs: 15_000, minRatio: 8 } as const;

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The baseline's packages/render and packages/model sources (git archive of the
 * commit), under tools/bench/work/ (gitignored) so the root node_modules resolve
 * its dependencies; its own node_modules/@platter/model points at its own model.
 * Kept between runs (a commit's sources do not change).
 */
export async function prepareRenderBaseline(commit = RENDER_BASELINE_COMMIT): Promise<string> {
  const dir = join(REPO_ROOT, 'tools', 'bench', 'work', `render-baseline-${commit.slice(0, 12)}`);
  if (existsSync(join(dir, 'node_modules', '@platter', 'model'))) return dir;
  const partial = `${dir}.partial`;
  removeDir(partial);
  mkdirSync(join(partial, 'node_modules', '@platter'), { recursive: true });
  const archive = join(partial, 'sources.tar');
  await mustRun('git', ['archive', '--output', archive, commit, 'packages/render', 'packages/model'], {
    cwd: REPO_ROOT,
  });
  await mustRun('tar', ['-xf', archive, '-C', partial]);
  symlinkSync(join('..', '..', 'packages', 'model'), join(partial, 'node_modules', '@platter', 'model'));
  removeDir(dir);
  renameSync(partial, dir);
  return dir;
}
/** Sizes up to this many envs are measured in 3 processes (median of each number); bigger ones once. */
export const SMALL_SIZE = 1000;

export interface P3Size {
  readonly envs: number;
  readonly files: number;
  readonly bytes: number;
  readonly generateMs: number;
  readonly renderMs: number;
  readonly parseMs: number;
  /** CPU time of the phase (process.cpuUsage: the main thread plus V8's GC helper threads). */
  readonly renderCpuMs: number;
  readonly parseCpuMs: number;
  /** Peak V8 heap used (bytes): the highest "before" size of any GC, or the heap at the phase's end. */
  readonly heapPeak: { readonly render: number; readonly parse: number; readonly overall: number };
  /** Heap retained after a full GC: the model alone, + the rendered tree, + the parsed model. */
  readonly retained: { readonly model: number; readonly tree: number; readonly parsed: number };
  /** Peak resident set size of the process (getrusage maxRSS), after render and at the end. */
  readonly rssPeak: { readonly render: number; readonly overall: number };
  readonly gcCount: number;
  /** GC pause time (--trace-gc) in each phase. */
  readonly gcMs: { readonly render: number; readonly parse: number };
  readonly envsParsed: number;
  readonly parseErrors: number;
  readonly wallMs: number;
  /** Processes measured (the numbers are medians over them). */
  readonly runs: number;
  /** sha256 over every rendered path and its content's sha256 (the env secret files not included). */
  readonly digest: string;
  /** The render before the speed-up (RENDER_BASELINE_COMMIT), same harness, same model; no parse. */
  readonly baseline?: {
    readonly renderMs: number;
    readonly renderCpuMs: number;
    readonly heapPeakRender: number;
    readonly rssPeakRender: number;
    readonly runs: number;
    /** Whether it wrote the same bytes (its digest equals the digest above, in every process). */
    readonly identical: boolean;
  };
}

/** Each number the median over the runs (objects field by field). */
function medianSize(runs: readonly P3Size[]): P3Size {
  const med = (xs: number[]) => median(xs);
  const merge = (values: unknown[]): unknown => {
    const first = values[0];
    if (typeof first === 'number') return med(values as number[]);
    if (first && typeof first === 'object')
      return Object.fromEntries(
        Object.keys(first).map((k) => [k, merge(values.map((v) => (v as Record<string, unknown>)[k]))]),
      );
    return first;
  };
  return { ...(merge(runs as unknown[]) as P3Size), runs: runs.length };
}

export interface P3Result {
  readonly shape: Omit<FleetShape, 'envs'>;
  readonly sizes: P3Size[];
  readonly skipped: number[];
  /** Marginal cost of one more env between consecutive sizes. */
  readonly growth: P3Growth[];
  readonly within1GiB?: boolean;
  /** The render goal at RENDER_GOAL.envs (when measured with its baseline). */
  readonly renderGoal?: {
    readonly envs: number;
    readonly renderMs: number;
    readonly baselineMs: number;
    /** baseline / render, wall time and CPU time. */
    readonly ratio: number;
    readonly cpuRatio: number;
    readonly identical: boolean;
    readonly met: boolean;
  };
}

/** Marginal cost of one more env between two sizes (wall and CPU time), and the exponent k of CPU time ∝ envs^k. */
export interface P3Growth {
  readonly from: number;
  readonly to: number;
  readonly renderMsPerEnv: number;
  readonly parseMsPerEnv: number;
  readonly renderCpuMsPerEnv: number;
  readonly parseCpuMsPerEnv: number;
  readonly heapPerEnv: number;
  readonly rssPerEnv: number;
  readonly renderExponent: number;
  readonly parseExponent: number;
}

interface ChildResult {
  envs: number;
  files: number;
  bytes: number;
  generateMs: number;
  renderMs: number;
  parseMs: number;
  renderCpuMs: number;
  parseCpuMs: number;
  renderHeapEnd: number;
  parseHeapEnd: number;
  afterGenerate: { heapUsed: number; maxRss: number };
  afterRender: { heapUsed: number; maxRss: number };
  afterParse: { heapUsed: number; maxRss: number };
  envsParsed: number;
  parseErrors: number;
  digest: string;
}

const GC_LINE = /\s([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ ([\d.]+) ms/;

/** Runs one size in a new process and reads its GC trace (with `baselineDir`: the baseline's render, no parse). */
export async function measureSize(shape: FleetShape, baselineDir?: string): Promise<P3Size> {
  const tsx = require.resolve('tsx/cjs');
  const child = join(__dirname, 'p3child.ts');
  let phase = 'start';
  const peakByPhase = new Map<string, number>();
  const gcMsByPhase = new Map<string, number>();
  let gcCount = 0;
  let result: ChildResult | undefined;
  let buffered = '';
  const start = nowMs();
  let lastBeat = start;
  const beat = setInterval(() => {
    if (nowMs() - lastBeat >= 30_000 && phase !== 'done') {
      lastBeat = nowMs();
      progress(`P3 ${shape.envs} envs${who}: still in ${phase} (${fmtMs(nowMs() - start)} so far)`);
    }
  }, 5_000);
  const who = baselineDir ? ' (baseline)' : '';
  const onLine = (line: string) => {
    if (line.startsWith('@@phase ')) {
      phase = line.slice(8).trim();
      if (phase !== 'done') progress(`P3 ${shape.envs} envs${who}: ${phase}…`);
      return;
    }
    if (line.startsWith('@@result ')) {
      result = JSON.parse(line.slice(9)) as ChildResult;
      return;
    }
    const m = GC_LINE.exec(line);
    if (m) {
      gcCount += 1;
      const before = Number(m[1]) * 2 ** 20;
      peakByPhase.set(phase, Math.max(peakByPhase.get(phase) ?? 0, before));
      gcMsByPhase.set(phase, (gcMsByPhase.get(phase) ?? 0) + Number(m[5]));
    }
  };
  const args = ['--expose-gc', '--trace-gc', '--require', tsx, child, JSON.stringify(shape)];
  const r = await run(process.execPath, baselineDir ? [...args, baselineDir] : args, {
    onStdout: (chunk) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    },
  }).finally(() => clearInterval(beat));
  if (buffered) onLine(buffered);
  if (r.code !== 0 || !result)
    throw new Error(`P3 child for ${shape.envs} envs failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
  const renderPeak = Math.max(peakByPhase.get('render') ?? 0, result.renderHeapEnd);
  const parsePeak = Math.max(peakByPhase.get('parse') ?? 0, result.parseHeapEnd);
  return {
    envs: result.envs,
    files: result.files,
    bytes: result.bytes,
    generateMs: result.generateMs,
    renderMs: result.renderMs,
    parseMs: result.parseMs,
    renderCpuMs: result.renderCpuMs,
    parseCpuMs: result.parseCpuMs,
    heapPeak: {
      render: renderPeak,
      parse: parsePeak,
      overall: Math.max(renderPeak, parsePeak, ...peakByPhase.values()),
    },
    retained: {
      model: result.afterGenerate.heapUsed,
      tree: result.afterRender.heapUsed,
      parsed: result.afterParse.heapUsed,
    },
    rssPeak: { render: result.afterRender.maxRss, overall: result.afterParse.maxRss },
    gcCount,
    gcMs: { render: gcMsByPhase.get('render') ?? 0, parse: gcMsByPhase.get('parse') ?? 0 },
    envsParsed: result.envsParsed,
    parseErrors: result.parseErrors,
    wallMs: r.ms,
    runs: 1,
    digest: result.digest,
  };
}

export interface P3Options {
  /** Also time the render before the speed-up, alternating with today's (default true). */
  readonly baseline?: boolean;
}

export async function runP3(
  base: FleetShape,
  sizes: readonly number[],
  skipped: readonly number[],
  options: P3Options = {},
): Promise<P3Result> {
  const { envs: _envs, ...rest } = base;
  progress(
    `P3: render + parse at ${sizes.join(' / ')} envs (other dimensions fixed: ${base.stages} stages, ${base.apps} apps, ${base.tenants} tenants, ${base.services} services), one process each`,
  );
  const baselineDir = options.baseline === false ? undefined : await prepareRenderBaseline();
  if (baselineDir) progress(`P3: baseline render from ${RENDER_BASELINE_COMMIT.slice(0, 7)}, in the same harness`);
  const out: P3Size[] = [];
  for (const envs of sizes) {
    // Small sizes are quick and noisy (fixed costs, JIT): the median of 3 processes. Large ones: 1.
    const n = envs <= SMALL_SIZE ? 3 : 1;
    const runs: P3Size[] = [];
    const before: P3Size[] = [];
    // Today's render and the baseline's alternate, so a change in the machine's load hits both.
    for (let i = 0; i < n; i++) {
      runs.push(await measureSize({ ...base, envs }));
      if (baselineDir) before.push(await measureSize({ ...base, envs }, baselineDir));
    }
    const m = medianSize(runs);
    const b = before.length ? medianSize(before) : undefined;
    const s: P3Size = {
      ...m,
      ...(b
        ? {
            baseline: {
              renderMs: b.renderMs,
              renderCpuMs: b.renderCpuMs,
              heapPeakRender: b.heapPeak.render,
              rssPeakRender: b.rssPeak.render,
              runs: b.runs,
              identical: [...runs, ...before].every((x) => x.digest === runs[0]!.digest),
            },
          }
        : {}),
    };
    out.push(s);
    progress(
      `P3 ${envs} envs${n > 1 ? ` (median of ${n})` : ''}: render ${fmtMs(s.renderMs)} (CPU ${fmtMs(s.renderCpuMs)}), parse ${fmtMs(s.parseMs)} (CPU ${fmtMs(s.parseCpuMs)}), heap peak ${(s.heapPeak.overall / 2 ** 20).toFixed(0)} MiB, rss peak ${(s.rssPeak.overall / 2 ** 20).toFixed(0)} MiB` +
        (s.baseline
          ? `; baseline render ${fmtMs(s.baseline.renderMs)} (CPU ${fmtMs(s.baseline.renderCpuMs)}): ${fmtRatio(s.baseline.renderMs / s.renderMs)} faster, ${s.baseline.identical ? 'same bytes' : 'DIFFERENT BYTES'}`
          : ''),
    );
  }
  const growth = out.slice(1).map((b, i): P3Growth => {
    const a = out[i]!;
    const d = b.envs - a.envs;
    const exp = (x: number, y: number) => Math.log(y / x) / Math.log(b.envs / a.envs);
    return {
      from: a.envs,
      to: b.envs,
      renderMsPerEnv: (b.renderMs - a.renderMs) / d,
      parseMsPerEnv: (b.parseMs - a.parseMs) / d,
      renderCpuMsPerEnv: (b.renderCpuMs - a.renderCpuMs) / d,
      parseCpuMsPerEnv: (b.parseCpuMs - a.parseCpuMs) / d,
      heapPerEnv: (b.heapPeak.overall - a.heapPeak.overall) / d,
      rssPerEnv: (b.rssPeak.overall - a.rssPeak.overall) / d,
      renderExponent: exp(a.renderCpuMs, b.renderCpuMs),
      parseExponent: exp(a.parseCpuMs, b.parseCpuMs),
    };
  });
  const biggest = out.find((s) => s.envs === 10_000);
  const goal = out.find((s) => s.envs === RENDER_GOAL.envs);
  return {
    shape: rest,
    sizes: out,
    skipped: [...skipped],
    growth,
    ...(biggest ? { within1GiB: biggest.heapPeak.overall <= ONE_GIB && biggest.rssPeak.overall <= ONE_GIB } : {}),
    ...(goal?.baseline ? { renderGoal: renderGoalOf(goal, goal.baseline) } : {}),
  };
}

function renderGoalOf(s: P3Size, b: NonNullable<P3Size['baseline']>): NonNullable<P3Result['renderGoal']> {
  const ratio = b.renderMs / s.renderMs;
  return {
    envs: s.envs,
    renderMs: s.renderMs,
    baselineMs: b.renderMs,
    ratio,
    cpuRatio: b.renderCpuMs / s.renderCpuMs,
    identical: b.identical,
    met: s.renderMs <= RENDER_GOAL.maxMs && ratio >= RENDER_GOAL.minRatio && b.identical,
  };
}

const metOrMissed = (met: boolean) => (met ? '✅ met' : '❌ missed');

/** The render goal's headline row (issue 17 goal 4): the biggest size measured with its baseline. */
export function p3RenderSummaryRows(p: P3Result): string[][] {
  const s = [...p.sizes].reverse().find((x) => x.baseline);
  if (!s?.baseline) return [];
  const b = s.baseline;
  const goal = p.renderGoal;
  return [
    [
      `P3 render ${fmtInt(s.envs)} envs vs before (issue 17 goal 4)`,
      `${fmtMs(s.renderMs)} (CPU ${fmtMs(s.renderCpuMs)}), heap peak ${fmtMiB(s.heapPeak.render)}`,
      `render before (${RENDER_BASELINE_COMMIT.slice(0, 7)}) ${fmtMs(b.renderMs)} (CPU ${fmtMs(b.renderCpuMs)})`,
      `${fmtRatio(b.renderMs / s.renderMs)} faster (CPU time: ${fmtRatio(b.renderCpuMs / s.renderCpuMs)}); ${b.identical ? 'same bytes' : 'DIFFERENT BYTES'}`,
      `${fmtInt(RENDER_GOAL.envs)} envs ≤ ${fmtMs(RENDER_GOAL.maxMs)} and ≥ ${RENDER_GOAL.minRatio}× before, same bytes`,
      goal ? metOrMissed(goal.met) : '—',
    ],
  ];
}

/** Today's render against the render before the speed-up, per size. */
export function p3RenderSection(p: P3Result): string {
  const sizes = p.sizes.filter((s) => s.baseline);
  if (!sizes.length) return '';
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const out = [
    '### P3: render against the render before issue 17',
    '',
    `The render before the speed-up is packages/render and packages/model as of ${RENDER_BASELINE_COMMIT.slice(0, 7)} (git archive under tools/bench/work/), timed in the same child harness on the same generated model, each process alternating with today's; parse is not timed there. ` +
      `"Same bytes": the sha256 over every rendered path and content is equal in all of them. Goal (issue 17 goal 4): ${fmtInt(RENDER_GOAL.envs)} envs in ≤ ${fmtMs(RENDER_GOAL.maxMs)} and ≥ ${RENDER_GOAL.minRatio}× faster than before, still linear, within 1 GiB, the same bytes.`,
    '',
    row([
      'envs',
      'render',
      'render before',
      'faster (wall)',
      'faster (CPU)',
      'heap peak render / before',
      'rss peak render / before',
      'same bytes',
    ]),
    row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
  ];
  for (const s of sizes) {
    const b = s.baseline!;
    out.push(
      row([
        fmtInt(s.envs),
        `${fmtMs(s.renderMs)} (CPU ${fmtMs(s.renderCpuMs)})`,
        `${fmtMs(b.renderMs)} (CPU ${fmtMs(b.renderCpuMs)})`,
        fmtRatio(b.renderMs / s.renderMs),
        fmtRatio(b.renderCpuMs / s.renderCpuMs),
        `${fmtMiB(s.heapPeak.render)} / ${fmtMiB(b.heapPeakRender)}`,
        `${fmtMiB(s.rssPeak.render)} / ${fmtMiB(b.rssPeakRender)}`,
        b.identical ? 'yes' : '**no**',
      ]),
    );
  }
  if (p.renderGoal)
    out.push(
      '',
      `At ${fmtInt(p.renderGoal.envs)} envs: ${fmtMs(p.renderGoal.renderMs)}, ${fmtRatio(p.renderGoal.ratio)} faster than before (${fmtMs(p.renderGoal.baselineMs)}; CPU time ${fmtRatio(p.renderGoal.cpuRatio)}), ${p.renderGoal.identical ? 'the same bytes' : 'DIFFERENT BYTES'}: **${p.renderGoal.met ? 'met' : 'missed'}**.`,
    );
  return out.join('\n');
}
