import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root (tools/e2e/src -> ../../..). */
export const ROOT = resolve(__dirname, '..', '..', '..');
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

export interface PortalOptions {
  /** Recreate the demo repository with `platter init` (`npm start -- --reset`); false serves `<demoDir>/fleet.git` as it is. @default true */
  readonly reset?: boolean;
  /** The demo user (`PLATTER_DEMO_USER`). @default jane */
  readonly user?: string;
  /** More environment for the portal (e.g. `APP_CONFIG_*` overrides). */
  readonly env?: Record<string, string>;
}

/**
 * Starts the portal exactly as `npm start` does (tools/scripts/start.js), on a
 * demo repository in `demoDir`, and waits until the frontend serves and the
 * backend answers. `stop()` ends the whole process group.
 */
export async function startPortal(
  demoDir: string,
  log: (line: string) => void,
  options: PortalOptions = {},
): Promise<{ stop: () => Promise<void> }> {
  // Another portal on the ports would be measured and driven instead of this one.
  if ((await status(APP_URL)) !== 0 || (await status(BACKEND_URL)) !== 0)
    throw new Error(`something already listens on ${APP_URL} or ${BACKEND_URL}: stop it first`);
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'tools/scripts/start.js'), ...(options.reset === false ? [] : ['--reset'])],
    {
      cwd: ROOT,
      // Jest sets NODE_ENV=test, which the frontend build (browserslist, guest sign-in) does not know.
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PLATTER_DEMO_DIR: demoDir,
        PLATTER_DEMO_USER: options.user ?? 'jane',
        BROWSER: 'none',
        ...options.env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim() || line.includes('incomingRequest')) continue;
      tail.push(line);
      if (tail.length > 200) tail.shift();
      log(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 3000));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  try {
    await waitFor(
      async () => (await status(APP_URL)) === 200 && (await status(`${BACKEND_URL}/api/catalog/entities`)) !== 0,
      10 * 60_000,
      () => child.exitCode !== null,
    );
  } catch (e) {
    await stop();
    throw new Error(`the portal did not come up: ${(e as Error).message}\n${tail.slice(-40).join('\n')}`);
  }
  return { stop };
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0;
  }
}

/** Polls until `check` is true; fails after `timeoutMs` or when `gaveUp` says so. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('the process exited');
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s`);
}
