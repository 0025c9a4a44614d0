import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * TEST-ONLY: the portal backend (packages/backend/src/index.ts) as a real OS
 * process, started the way `backstage-cli package start` starts it (node with
 * Backstage's TypeScript transform, `--require @backstage/cli/config/nodeTransform.cjs`,
 * in packages/backend) but without the CLI's file watcher and embedded
 * database: the root app-config.yaml plus one extra `--config` file the caller
 * gives (port, database, ...). NODE_ENV is production, so the logs are JSON lines.
 */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const BACKEND_DIR = join(REPO_ROOT, 'packages', 'backend');

export interface BackendProcessOptions {
  /** A short name for messages and the log file. */
  readonly name: string;
  readonly port: number;
  /** Config merged over the root app-config.yaml (written to `<workDir>/<name>.app-config.json`). */
  readonly config: Record<string, unknown>;
  /** Environment on top of this process's (NODE_ENV is set to production). */
  readonly env?: Record<string, string>;
  /** Where the config and the log file go. */
  readonly workDir: string;
}

export interface LogLine {
  readonly level?: string;
  readonly message?: string;
  readonly service?: string;
  readonly plugin?: string;
  readonly meta?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface BackendProcess {
  readonly name: string;
  readonly url: string;
  readonly logFile: string;
  /** Every JSON log line so far (lines that are not JSON are kept as `{ message }`). */
  lines(): LogLine[];
  /** The last `n` lines as text, for failure messages (request logs left out). */
  tail(n?: number): string;
  /** Resolves when the backend is ready (/.backstage/health/v1/readiness), rejects when it exits or times out. */
  ready(timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`, to the whole process group; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export async function startBackendProcess(options: BackendProcessOptions): Promise<BackendProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const configFile = join(options.workDir, `${options.name}.app-config.json`);
  const logFile = join(options.workDir, `${options.name}.log`);
  await writeFile(configFile, JSON.stringify(options.config, null, 2));
  const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs', { paths: [BACKEND_DIR] });
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      transform,
      'src/index.ts',
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: BACKEND_DIR,
      env: { ...process.env, ...options.env, NODE_ENV: 'production' },
      // Its own process group, so stop() also ends the git processes it runs.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const out = createWriteStream(logFile);
  const lines: LogLine[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    out.write(chunk);
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const raw of parts) {
      if (!raw.trim()) continue;
      try {
        lines.push(JSON.parse(raw) as LogLine);
      } catch {
        lines.push({ message: raw });
      }
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const tail = (n = 40) =>
    lines
      .filter((l) => l.type !== 'incomingRequest')
      .slice(-n)
      .map((l) => `[${options.name}] ${l.level ?? ''} ${l.plugin ?? l.service ?? ''} ${l.message ?? ''}`)
      .join('\n');

  return {
    name: options.name,
    url,
    logFile,
    lines: () => lines,
    tail,
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (hasExited())
          throw new Error(
            `backend ${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail()}`,
          );
        // A plugin that failed to start leaves the process running but never ready.
        if (lines.some((l) => String(l.message ?? '').includes('Backend startup failed')))
          throw new Error(`backend ${options.name} failed to start:\n${tail()}`);
        try {
          const res = await fetch(`${url}/.backstage/health/v1/readiness`);
          if (res.ok) return;
        } catch {
          /* not listening yet */
        }
        if (Date.now() > deadline)
          throw new Error(`backend ${options.name} was not ready after ${timeoutMs / 1000} s:\n${tail()}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    async stop(graceMs = 15_000) {
      const signal = (s: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, s);
        } catch {
          /* already gone */
        }
      };
      if (!hasExited()) {
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Whatever it started in its group (git) goes too.
      signal('SIGKILL');
      await new Promise<void>((r) => out.end(() => r()));
    },
  };
}
