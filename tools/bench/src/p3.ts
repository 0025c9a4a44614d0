import { join } from 'node:path';
import type { FleetShape } from '@platter/tools-fleet';
import { fmtMs, median, nowMs, progress, run } from './util';

export const ONE_GIB = 2 ** 30;
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
}

const GC_LINE = /\s([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ ([\d.]+) ms/;

/** Runs one size in a new process and reads its GC trace. */
export async function measureSize(shape: FleetShape): Promise<P3Size> {
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
      progress(`P3 ${shape.envs} envs: still in ${phase} (${fmtMs(nowMs() - start)} so far)`);
    }
  }, 5_000);
  const onLine = (line: string) => {
    if (line.startsWith('@@phase ')) {
      phase = line.slice(8).trim();
      if (phase !== 'done') progress(`P3 ${shape.envs} envs: ${phase}…`);
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
  const r = await run(process.execPath, ['--expose-gc', '--trace-gc', '--require', tsx, child, JSON.stringify(shape)], {
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
  };
}

export async function runP3(base: FleetShape, sizes: readonly number[], skipped: readonly number[]): Promise<P3Result> {
  const { envs: _envs, ...rest } = base;
  progress(
    `P3: render + parse at ${sizes.join(' / ')} envs (other dimensions fixed: ${base.stages} stages, ${base.apps} apps, ${base.tenants} tenants, ${base.services} services), one process each`,
  );
  const out: P3Size[] = [];
  for (const envs of sizes) {
    // Small sizes are quick and noisy (fixed costs, JIT): the median of 3 processes. Large ones: 1.
    const n = envs <= SMALL_SIZE ? 3 : 1;
    const runs: P3Size[] = [];
    for (let i = 0; i < n; i++) runs.push(await measureSize({ ...base, envs }));
    const s = medianSize(runs);
    out.push(s);
    progress(
      `P3 ${envs} envs${n > 1 ? ` (median of ${n})` : ''}: render ${fmtMs(s.renderMs)} (CPU ${fmtMs(s.renderCpuMs)}), parse ${fmtMs(s.parseMs)} (CPU ${fmtMs(s.parseCpuMs)}), heap peak ${(s.heapPeak.overall / 2 ** 20).toFixed(0)} MiB, rss peak ${(s.rssPeak.overall / 2 ** 20).toFixed(0)} MiB`,
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
  return {
    shape: rest,
    sizes: out,
    skipped: [...skipped],
    growth,
    ...(biggest ? { within1GiB: biggest.heapPeak.overall <= ONE_GIB && biggest.rssPeak.overall <= ONE_GIB } : {}),
  };
}
