import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);

/**
 * TEST-ONLY: a real, throw-away PostgreSQL server on loopback, from the
 * distribution's packages (Debian: `postgresql`, binaries in
 * /usr/lib/postgresql/<major>/bin). The cluster lives in a temp dir (data,
 * log and unix socket), listens on 127.0.0.1 on a free port, trusts every local
 * connection, and is made for speed, not durability (fsync off). `initdb`
 * refuses to run as root: as root, every server command runs as the `postgres`
 * user, which owns the temp dir.
 */
export interface TestPostgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: 'postgres';
  /** Where data, log and socket are. */
  readonly dir: string;
  /** The server log so far (for failure messages). */
  log(): Promise<string>;
  /** Stops the server (immediate shutdown) and removes the temp dir. */
  stop(): Promise<void>;
}

/** Where initdb and pg_ctl are: PLATTER_PG_BINDIR, else the newest /usr/lib/postgresql/<major>/bin. */
export function findPostgresBinDir(): string {
  const fromEnv = process.env.PLATTER_PG_BINDIR;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors.length) {
    throw new Error(
      'PostgreSQL server binaries not found (no /usr/lib/postgresql/<major>/bin/initdb): install them with `apt-get install postgresql` ' +
        '(.ci/run does), or point PLATTER_PG_BINDIR at the directory that holds initdb and pg_ctl',
    );
  }
  return join(base, majors[0]!, 'bin');
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'platter-pg-'));
  // As root: the server runs as postgres, which must own its directory (mkdtemp makes it 0700).
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir })
      : run(join(bin, tool), args, { cwd: dir });
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const log = () => readFile(logFile, 'utf8').catch(() => '');
  let started = false;
  const stop = async () => {
    if (started) {
      started = false;
      await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-c port=${port}`,
      `-c unix_socket_directories=${dir}`,
      // Two backends, each with a pool per plugin: well above the default 100.
      '-c max_connections=300',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    started = true;
    await pg('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '120', 'start']);
    return { host: '127.0.0.1', port, user: 'postgres', dir, log, stop };
  } catch (e) {
    const serverLog = await log();
    await stop();
    throw new Error(
      `PostgreSQL did not start: ${(e as Error).message}${serverLog ? `\n${serverLog.slice(-3000)}` : ''}`,
    );
  }
}
