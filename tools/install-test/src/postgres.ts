import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * TEST-ONLY: a throw-away PostgreSQL server on 127.0.0.1 for the standalone backend (the README
 * tells teams to run Backstage on PostgreSQL; it also spares the install a native SQLite build).
 * From the distribution's server binaries (Debian: `postgresql`; PLATTER_PG_BINDIR overrides),
 * trust auth, fsync off; as root every server command runs as the `postgres` user. The portal's
 * scale-out test has its own (packages/backend/src/testing/postgres.ts): one Nx project may not
 * import another app's test helpers.
 */
export interface Postgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: 'postgres';
  stop(): Promise<void>;
}

function binDir(): string {
  if (process.env.PLATTER_PG_BINDIR) return process.env.PLATTER_PG_BINDIR;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base).filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb')))
    : [];
  majors.sort((a, b) => Number(b) - Number(a));
  if (!majors[0])
    throw new Error('PostgreSQL server binaries not found: apt-get install postgresql, or set PLATTER_PG_BINDIR');
  return join(base, majors[0], 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'platter-install-pg-'));
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    await chown(dir, uid, gid);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir })
      : run(join(bin, tool), args, { cwd: dir });
  const data = join(dir, 'data');
  let started = false;
  const stop = async () => {
    if (started) await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    started = false;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-c port=${port}`,
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
    ].join(' ');
    started = true;
    await pg('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-o', options, '-w', '-t', '120', 'start']);
    return { host: '127.0.0.1', port, user: 'postgres', stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
