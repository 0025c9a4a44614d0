import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Milliseconds since an arbitrary point, sub-millisecond resolution (monotonic). */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * A full garbage collection now (without starting node with --expose-gc): what
 * one measurement left behind is not charged to the next.
 */
export function gcNow(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** CPU milliseconds (user + system) this process has used. */
export const selfCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux the project runs on. */
const USER_HZ = 100;
/**
 * CPU milliseconds used by this process's finished (reaped) child processes, from
 * /proc/self/stat (cutime + cstime); undefined where there is no /proc. CPU time
 * barely changes when other work shares the machine, unlike wall time.
 */
export function childCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds of this process and its finished children together (NaN without /proc). */
export const totalCpuMs = (): number => selfCpuMs() + (childCpuMs() ?? NaN);

/** Runs `fn` and returns its result with the wall-clock milliseconds it took and the CPU time of this process and its children. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const start = nowMs();
  const cpu = totalCpuMs();
  const value = await fn();
  return { value, ms: nowMs() - start, cpuMs: totalCpuMs() - cpu };
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** 1234 -> "1.23 s", 12 -> "12.0 ms". */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(1)} ms`;
}

export const fmtMiB = (bytes: number): string =>
  Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : 'n/a';
export const fmtRatio = (x: number): string =>
  Number.isFinite(x) ? `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×` : 'n/a';
export const fmtInt = (n: number): string => n.toLocaleString('en-US');

// ---- progress ---------------------------------------------------------------

const started = nowMs();
let maxLoad = loadavg()[0]!;

/** The highest 1-minute load average seen at a progress line. */
export const peakLoad = (): number => maxLoad;

/** A progress line on stderr, prefixed with the time since the benchmark started (and the load when it is high). */
export function progress(message: string): void {
  const load = loadavg()[0]!;
  maxLoad = Math.max(maxLoad, load);
  const s = Math.floor((nowMs() - started) / 1000);
  const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  process.stderr.write(`[${stamp}] ${message}${load > cpus().length ? ` (load ${load.toFixed(1)})` : ''}\n`);
}

// ---- temp dirs and child processes (always cleaned up) ----------------------

const tempDirs = new Set<string>();
const children = new Set<ChildProcess>();

/** A new directory under the OS temp dir, removed by {@link cleanup} (and on exit). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `platter-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Kills the children this process started (by their pid) and removes its temp dirs. */
export function cleanup(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

let hooked = false;
/** Cleans up on exit and on Ctrl-C / SIGTERM. */
export function installCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\n${sig}: stopping, killing child processes and removing temp dirs\n`);
      cleanup();
      process.exit(130);
    });
  }
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command (no shell), collects its output; tracked so it is killed if we stop. */
export function run(
  cmd: string,
  args: readonly string[],
  options: SpawnOptions & { input?: string; onStdout?: (chunk: string) => void } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const start = nowMs();
    const { input, onStdout, ...spawnOptions } = options;
    const child = spawn(cmd, [...args], {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...spawnOptions,
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      if (onStdout) onStdout(d);
      else stdout += d;
    });
    child.stderr!.on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      children.delete(child);
      reject(e);
    });
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr, ms: nowMs() - start });
    });
    if (input !== undefined) {
      child.stdin!.on('error', () => undefined); // a child that exits without reading its input
      child.stdin!.end(input);
    }
  });
}

/** Runs a command and throws with its stderr when it fails. */
export async function mustRun(cmd: string, args: readonly string[], options: SpawnOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim().slice(0, 2000)}`);
  return r;
}
