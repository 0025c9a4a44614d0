import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildAll, backstageOverrides, packAll, REPO_ROOT, sh, type Packed } from './packages';
import { freePort, startPostgres, type Postgres } from './postgres';
import { writeStandalone } from './standalone';

/**
 * The install test (issue 15): Platter as a team installs it, outside this workspace.
 *
 * Every publishable package is built and packed (./packages.ts). In a temporary directory outside
 * the repository:
 * 1. the CLI tarball (with the core tarballs it depends on) is installed with
 *    `npm install -g --prefix`, and `platter init`, `validate --kustomize` and `app add --commit`
 *    run from there: compiled JavaScript, with neither tsx nor TypeScript installed;
 * 2. a standalone Backstage repository (./standalone.ts: packages/backend and packages/app on the
 *    same Backstage release, Platter only as tarballs) is installed with one `npm install`; its
 *    backend (plain JavaScript, no workspace on its module path) starts on a throw-away PostgreSQL
 *    against a bare GitOps repository made by the installed CLI, runs the onboard-app template
 *    (shipped in the scaffolder module's package) as a real task over HTTP with a guest user's
 *    token, and the commit and the catalog entities are checked;
 * 3. the app's production build (`backstage-cli package build`) succeeds with the Platter plugin,
 *    and the bundle holds the EnvironmentCard and both form fields.
 *
 * Network: loopback, and the npm registry for the installs (Backstage and third-party packages;
 * with a warm npm cache most of it is served from the cache). Takes several minutes: a slow test.
 */
jest.setTimeout(20 * 60_000);

/**
 * The environment for child processes: none of the npm variables `npm test` sets (they would point
 * npm at this repository), no NODE_PATH or NODE_OPTIONS, and not Jest's NODE_ENV=test.
 */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && !['NODE_PATH', 'NODE_OPTIONS', 'NODE_ENV'].includes(k)) env[k] = v;
  return { ...env, ...extra };
}

const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

const git = (cwd: string, ...args: string[]) =>
  sh(
    'git',
    ['-c', 'user.name=Install Test', '-c', 'user.email=install-test@localhost', '-c', 'commit.gpgSign=false', ...args],
    { cwd, env: cleanEnv() },
  );

let work: string;
let packed: Packed[];
const tarball = (name: string) => packed.find((p) => p.name === name)!.tarball;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'platter-install-'));
  if (!relative(REPO_ROOT, work).startsWith('..'))
    throw new Error(`the install test must run outside the repository, not in ${work}`);
  await buildAll();
  packed = await packAll(join(work, 'staging'), join(work, 'tarballs'));
}, 15 * 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('packs every publishable package, pointing at dist/ and holding no TypeScript sources', () => {
  expect(packed.map((p) => p.name).sort()).toEqual([
    '@platter/cli',
    '@platter/gitops-repo',
    '@platter/model',
    '@platter/plugin-catalog-backend-module-platter',
    '@platter/plugin-platter',
    '@platter/plugin-platter-backend',
    '@platter/plugin-platter-common',
    '@platter/plugin-platter-node',
    '@platter/plugin-scaffolder-backend-module-platter',
    '@platter/render',
  ]);
  expect(new Set(packed.map((p) => p.version)).size).toBe(1);
  for (const p of packed) {
    const dir = join(work, 'staging', p.dir.replace('/', '-'));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect({ name: p.name, private: pkg.private, main: pkg.main, types: pkg.types }).toEqual({
      name: p.name,
      private: undefined,
      main: expect.stringMatching(/^\.?\/?dist\//),
      types: expect.stringMatching(/^\.?\/?dist\/.*\.d\.ts$/),
    });
    expect({
      name: p.name,
      src: existsSync(join(dir, 'src')),
      license: pkg.license,
      repository: typeof pkg.repository?.url,
    }).toEqual({
      name: p.name,
      src: false,
      license: 'Apache-2.0',
      repository: 'string',
    });
  }
});

describe('the CLI, installed with npm install -g --prefix', () => {
  let prefix: string;
  let platter: (args: string[], cwd: string) => Promise<string>;

  beforeAll(async () => {
    prefix = join(work, 'cli-prefix');
    const tarballs = ['@platter/cli', '@platter/model', '@platter/render', '@platter/gitops-repo'].map(tarball);
    await sh('npm', [...npmInstall, '-g', '--prefix', prefix, ...tarballs], { cwd: work, env: cleanEnv() });
    const bin = join(prefix, 'bin', 'platter');
    platter = (args, cwd) => sh(bin, args, { cwd, env: cleanEnv() });
  }, 10 * 60_000);

  it('runs compiled JavaScript: no TypeScript source, neither tsx nor typescript installed', async () => {
    const installed = join(prefix, 'lib', 'node_modules', '@platter', 'cli');
    expect(existsSync(join(installed, 'dist', 'platter.cjs'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(() => require.resolve('tsx', { paths: [installed] })).toThrow();
    expect(() => require.resolve('typescript', { paths: [installed] })).toThrow();
    expect((await platter(['--version'], work)).trim()).toBe(packed.find((p) => p.name === '@platter/cli')!.version);
  });

  it('init, validate --kustomize and app add --commit work on a new repository', async () => {
    const fleet = join(work, 'cli-fleet');
    await platter(['init', fleet], work);
    await git(fleet, 'init', '--quiet', '--initial-branch=main');
    await git(fleet, 'add', '-A');
    await git(fleet, 'commit', '--quiet', '-m', 'platter init');
    expect(await platter(['validate', fleet, '--kustomize'], work)).toMatch(/valid: 0 errors/);
    const base = (await git(fleet, 'rev-parse', 'HEAD')).trim();

    await platter(
      [
        'app',
        'add',
        'cart',
        '--tenant',
        'team-a',
        '--chart',
        'oci://ghcr.io/example-org/charts',
        '--stage',
        'staging',
        '--version',
        '0.1.0',
        '-C',
        fleet,
        '--commit',
      ],
      work,
    );

    const added = (await git(fleet, 'rev-list', `${base}..HEAD`)).split('\n').filter(Boolean);
    expect(added).toHaveLength(1);
    expect(await git(fleet, 'log', '-1', '--format=%(trailers:key=Platter-Request,valueonly)')).toMatch(/\S/);
    expect((await git(fleet, 'ls-tree', '-r', '--name-only', 'HEAD', 'apps/cart')).split('\n')).toEqual(
      expect.arrayContaining(['apps/cart/base/kustomization.yaml']),
    );
    expect((await git(fleet, 'status', '--porcelain')).trim()).toBe('');
    expect(await platter(['validate', fleet, '--kustomize'], work)).toMatch(/valid: 0 errors/);
  });
});

describe('a standalone Backstage with the Platter packages', () => {
  const standalone = () => join(work, 'backstage');
  let pg: Postgres | undefined;
  let backend: ChildProcess | undefined;
  let url: string;
  let remote: string;
  let logFile: string;
  const logTail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '');

  beforeAll(async () => {
    mkdirSync(standalone(), { recursive: true });
    writeStandalone({ dir: standalone(), packed, overrides: backstageOverrides() });
    await sh('npm', npmInstall, { cwd: standalone(), env: cleanEnv(), timeoutMs: 15 * 60_000 });

    // The GitOps repository: the installed CLI's example fleet, committed and cloned bare.
    const cli = join(work, 'cli-prefix', 'bin', 'platter');
    const seed = join(work, 'seed');
    await sh(cli, ['init', seed], { cwd: work, env: cleanEnv() });
    await git(seed, 'init', '--quiet', '--initial-branch=main');
    await git(seed, 'add', '-A');
    await git(seed, 'commit', '--quiet', '-m', 'platter init');
    remote = join(work, 'fleet.git');
    await git(work, 'clone', '--quiet', '--bare', seed, remote);

    pg = await startPostgres();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeFileSync(join(standalone(), 'org.yaml'), readFileSync(join(REPO_ROOT, 'demo', 'org.yaml'), 'utf8'));
    const configFile = join(standalone(), 'app-config.yaml');
    writeFileSync(
      configFile,
      JSON.stringify({
        app: { baseUrl: 'http://localhost:3000' },
        backend: {
          baseUrl: url,
          listen: { host: '127.0.0.1', port },
          database: {
            client: 'pg',
            connection: { host: pg.host, port: pg.port, user: pg.user, password: 'unused-trust-auth' },
          },
        },
        auth: {
          environment: 'development',
          providers: { guest: { userEntityRef: 'user:default/jane', dangerouslyAllowOutsideDevelopment: true } },
        },
        permission: { enabled: true },
        catalog: {
          rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location', 'Template', 'User', 'Group'] }],
          locations: [
            { type: 'file', target: './org.yaml' },
            {
              type: 'file',
              target:
                './node_modules/@platter/plugin-scaffolder-backend-module-platter/templates/onboard-app/template.yaml',
            },
          ],
        },
        platter: { repository: { url: remote, branch: 'main' }, catalog: { refreshIntervalSeconds: 5 } },
      }),
    );
    logFile = join(work, 'backend.log');
    const log = createWriteStream(logFile);
    backend = spawn(process.execPath, ['packages/backend/index.js', '--config', configFile], {
      cwd: standalone(),
      env: cleanEnv({ NODE_ENV: 'production' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    backend.stdout!.pipe(log);
    backend.stderr!.pipe(log);
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      if (backend.exitCode !== null)
        throw new Error(`the standalone backend exited (${backend.exitCode}):\n${logTail()}`);
      const ok = await fetch(`${url}/.backstage/health/v1/readiness`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the standalone backend was not ready in 5 minutes:\n${logTail()}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }, 20 * 60_000);

  afterAll(async () => {
    if (backend && backend.exitCode === null) {
      const exited = new Promise((r) => backend!.once('exit', r));
      backend.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (backend.exitCode === null) backend.kill('SIGKILL');
    }
    await pg?.stop();
  });

  async function signIn(): Promise<string> {
    const res = await fetch(`${url}/api/auth/guest/refresh?env=development`);
    const body = (await res.json()) as { backstageIdentity?: { token: string } };
    if (!res.ok || !body.backstageIdentity) throw new Error(`guest sign-in: ${res.status} ${JSON.stringify(body)}`);
    return body.backstageIdentity.token;
  }

  async function api(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${await signIn()}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  }

  async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 3 * 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${logTail()}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  const entity = async (ref: string) => {
    const { status, body } = await api(`/api/catalog/entities/by-name/${ref}`);
    return status === 200 ? body : undefined;
  };

  it('serves the repository as catalog entities and runs the onboard-app template over HTTP', async () => {
    // The provider's entities, the team's org and the template Platter's package ships.
    for (const ref of [
      'resource/default/env-staging-eu',
      'resource/default/stage-staging',
      'resource/default/component-ingress-nginx',
      'template/default/platter-onboard-app',
    ]) {
      await poll(`catalog entity ${ref}`, () => entity(ref));
    }
    await poll('user jane with her team', async () =>
      (await entity('user/default/jane'))?.relations?.some((r: { type: string }) => r.type === 'memberOf')
        ? true
        : undefined,
    );
    const before = await entity('resource/default/env-staging-eu');
    expect(before.spec.platter.apps.map((a: { app: string }) => a.app)).not.toContain('cart');
    const base = (await git(work, '--git-dir', remote, 'rev-parse', 'refs/heads/main')).trim();

    const created = await api('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef: 'template:default/platter-onboard-app',
        values: {
          name: 'cart',
          tenant: 'group:default/team-a',
          source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
          version: '1.0.0',
          stages: ['resource:default/stage-staging'],
        },
      },
    });
    expect(created.status).toBe(201);
    const task = await poll('the onboard-app task', async () => {
      const { body } = await api(`/api/scaffolder/v2/tasks/${created.body.id}`);
      return body.status === 'completed' || body.status === 'failed' ? body : undefined;
    });
    const events = (await api(`/api/scaffolder/v2/tasks/${created.body.id}/events`)).body as {
      type: string;
      body: Record<string, any>;
    }[];
    const completion = events.find((e) => e.type === 'completion');
    expect({
      status: task.status,
      failure: task.status === 'failed' ? events.map((e) => e.body.message) : undefined,
    }).toEqual({ status: 'completed', failure: undefined });
    const output = completion!.body.output;
    expect(output.publish).toMatchObject({ outcome: 'committed', mode: 'direct', branch: 'main' });

    // The commit: one, on main, the one the task reported, for Jane, with the app's files.
    const head = (await git(work, '--git-dir', remote, 'rev-parse', 'refs/heads/main')).trim();
    expect((await git(work, '--git-dir', remote, 'rev-list', `${base}..${head}`)).split('\n').filter(Boolean)).toEqual([
      output.publish.commit,
    ]);
    const trailers = await git(
      work,
      '--git-dir',
      remote,
      'log',
      '-1',
      '--format=%(trailers:key=Platter-Request,valueonly)%x1f%(trailers:key=Requested-By,valueonly)',
      head,
    );
    const [request, by] = trailers.split('\x1f').map((s) => s.trim());
    expect({ request, by }).toEqual({ request: output.requestHash, by: 'user:default/jane' });
    expect(
      (await git(work, '--git-dir', remote, 'ls-tree', '-r', '--name-only', head, 'apps/cart')).split('\n'),
    ).toEqual(expect.arrayContaining(['apps/cart/base/kustomization.yaml', 'apps/cart/staging/kustomization.yaml']));

    // The catalog: after the provider's next read, the environment lists the new app.
    const after = await poll('env-staging-eu listing cart', async () => {
      const e = await entity('resource/default/env-staging-eu');
      return e?.spec?.platter?.apps?.some((a: { app: string }) => a.app === 'cart') ? e : undefined;
    });
    expect(after.spec.platter.apps.find((a: { app: string }) => a.app === 'cart')).toMatchObject({
      tenant: 'team-a',
      version: '1.0.0',
      via: 'stage',
    });
  });

  it("builds the app for production with the frontend plugin's EnvironmentCard and fields", async () => {
    const app = join(standalone(), 'packages', 'app');
    await sh('npm', ['run', 'build', '--silent'], { cwd: app, env: cleanEnv(), timeoutMs: 15 * 60_000 });
    expect(existsSync(join(app, 'dist', 'index.html'))).toBe(true);
    const bundle = readdirSync(join(app, 'dist', 'static'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(app, 'dist', 'static', f), 'utf8'))
      .join('\n');
    // Strings only those components render: the card's empty state, the picker's helper text, and the fields' names.
    for (const marker of [
      'No Platter facts',
      'Sunset versions are not offered',
      'RuntimeAddonPicker',
      'PlatterPlanPreview',
    ]) {
      expect({ marker, bundled: bundle.includes(marker) }).toEqual({ marker, bundled: true });
    }
  });
});
