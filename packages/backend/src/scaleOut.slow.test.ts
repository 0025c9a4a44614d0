import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackendProcess, type BackendProcess } from './testing/backendProcess';
import { createFleetRemote, git, platter } from './testing/fleetRemote';
import { freePort } from './testing/ports';
import { startPostgres, type TestPostgres } from './testing/postgres';

/**
 * Scale-out (issue 7): two processes of the portal backend (src/index.ts with
 * the root app-config.yaml, as `npm start` runs it, in production mode) share
 * one real PostgreSQL (a throw-away server from the distribution's packages on
 * loopback: testing/postgres.ts) and one git remote (a bare repository made by
 * `platter init`, as `npm start` makes it). Both run on this one host with the
 * same TMPDIR and no Platter cacheDir, as two replicas started from the same
 * config would.
 *
 * 50 onboard-app requests (50 distinct apps of team-a into its own stages, which
 * Jane may commit directly) are created at once as real scaffolder tasks over
 * the REST API, 25 on each backend, with user tokens from the guest sign-in.
 * Every task must complete; the remote's main must gain exactly 50 commits, one
 * per request (each Platter-Request trailer exactly once), in a linear history;
 * the final tree must hold all 50 apps and pass `platter validate --kustomize`.
 * The requests all touch the same files (CODEOWNERS, the team's stage
 * kustomizations), and are planned before most of them land: within a backend
 * they land in groups (RequestQueue: planned one on the other, pushed
 * together), across the two they race and a lost round re-plans on the moved
 * head (issue 17 goal 3). Any worker may claim any task from the shared database:
 * the backends' audit logs say which one ran each task (each exactly once); how
 * the 50 were split, and what was waited for or re-planned, is printed.
 */
jest.setTimeout(40 * 60_000);

const APPS = Array.from({ length: 50 }, (_, i) => `scale-${String(i + 1).padStart(2, '0')}`);
const JANE = 'user:default/jane';
const TEMPLATE = 'template:default/platter-onboard-app';

interface Task {
  readonly id: string;
  readonly app: string;
  /** The backend it was created on. */
  readonly createdOn: string;
}

interface Finished extends Task {
  readonly status: string;
  readonly output: Record<string, any>;
  readonly failure?: unknown;
  /** The task's log lines. */
  readonly log: string[];
}

describe('scale-out: two portal backends on one PostgreSQL and one git remote', () => {
  let work: string;
  let pg: TestPostgres | undefined;
  let remote: string;
  const backends: BackendProcess[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'platter-scaleout-'));
    const sharedTmp = join(work, 'tmp');
    await mkdir(sharedTmp);
    pg = await startPostgres();
    remote = await createFleetRemote(work);
    const ports = new Set<number>();
    while (ports.size < 2) ports.add(await freePort());
    // One after the other: the first runs the plugins' database migrations. Started at once on an
    // empty database, the second fails with MigrationLocked and stays up unready (Backstage's knex
    // migrations do not wait for the lock: backstage/charts#300), so replicas are rolled out one at a time.
    for (const [name, port] of ['a', 'b'].map((n, i) => [n, [...ports][i]!] as const)) {
      const backend = await startBackendProcess({
        name,
        port,
        workDir: work,
        env: { PLATTER_REPOSITORY_URL: remote, PLATTER_DEMO_USER: 'jane', TMPDIR: sharedTmp },
        config: {
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            listen: { host: '127.0.0.1', port },
            database: {
              client: 'pg',
              connection: { host: pg.host, port: pg.port, user: pg.user, password: 'unused-trust-auth' },
            },
          },
        },
      });
      backends.push(backend);
      await backend.ready(5 * 60_000);
    }
    await waitForCatalog(backends[0]!);
  }, 10 * 60_000);

  afterAll(async () => {
    await Promise.all(backends.map((b) => b.stop()));
    await pg?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  }, 2 * 60_000);

  /** A user token from the backend's guest sign-in (Jane, per app-config.yaml's PLATTER_DEMO_USER). */
  async function signIn(b: BackendProcess): Promise<string> {
    const res = await fetch(`${b.url}/api/auth/guest/refresh?env=development`);
    const body = (await res.json()) as { backstageIdentity?: { token: string; identity: { userEntityRef: string } } };
    if (!res.ok || !body.backstageIdentity)
      throw new Error(`guest sign-in on ${b.name}: ${res.status} ${JSON.stringify(body)}`);
    expect(body.backstageIdentity.identity.userEntityRef).toBe(JANE);
    return body.backstageIdentity.token;
  }

  async function api(
    b: BackendProcess,
    token: string,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${b.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  }

  /** The template, Jane with her team, and the stages as Resources: what the tasks read from the catalog. */
  async function waitForCatalog(b: BackendProcess): Promise<void> {
    const wanted = [
      'template/default/platter-onboard-app',
      'user/default/jane',
      'resource/default/stage-staging',
      'resource/default/stage-prod',
    ];
    const deadline = Date.now() + 3 * 60_000;
    for (;;) {
      const token = await signIn(b);
      const found = await Promise.all(
        wanted.map(async (w) => (await api(b, token, `/api/catalog/entities/by-name/${w}`)).body),
      );
      if (
        found.every(
          (e) =>
            e?.metadata && (e.kind !== 'User' || e.relations?.some((r: { type: string }) => r.type === 'memberOf')),
        )
      )
        return;
      if (Date.now() > deadline)
        throw new Error(
          `the catalog did not load ${wanted.join(', ')}: ${JSON.stringify(found.map((e) => e?.metadata?.name ?? e?.error?.message))}\n${b.tail()}`,
        );
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** Polls the task (on `b`) until it is completed or failed; then its completion output. */
  async function waitForTask(b: BackendProcess, token: string, task: Task, deadline: number): Promise<Finished> {
    for (;;) {
      const { status, body } = await api(b, token, `/api/scaffolder/v2/tasks/${task.id}`);
      if (status !== 200) throw new Error(`GET task ${task.id} on ${b.name}: ${status} ${JSON.stringify(body)}`);
      if (body.status === 'completed' || body.status === 'failed') {
        const events = (await api(b, token, `/api/scaffolder/v2/tasks/${task.id}/events`)).body as {
          type: string;
          body: Record<string, any>;
        }[];
        const completion = [...events].reverse().find((e) => e.type === 'completion');
        return {
          ...task,
          status: body.status,
          output: completion?.body.output ?? {},
          log: events.filter((e) => e.type === 'log').map((e) => String(e.body.message ?? '')),
          ...(body.status === 'failed'
            ? {
                failure: events.filter((e) => e.body.status === 'failed' || e.type === 'completion').map((e) => e.body),
              }
            : {}),
        };
      }
      if (Date.now() > deadline)
        throw new Error(
          `task ${task.id} (${task.app}) did not finish: ${body.status}\n${backends.map((x) => x.tail(20)).join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** Ids of the tasks the backend's scaffolder started executing (its audit log: the worker that claimed a task logs it), once per execution. */
  function executedOn(b: BackendProcess): string[] {
    return b
      .lines()
      .filter(
        (l) =>
          l.plugin === 'scaffolder' &&
          l.isAuditEvent === true &&
          l.eventId === 'task' &&
          l.meta?.actionType === 'execution' &&
          l.status === 'initiated',
      )
      .map((l) => String(l.meta?.taskId));
  }

  it('50 tasks started across both backends at once all land exactly once, with linear history', async () => {
    const [a, b] = backends as [BackendProcess, BackendProcess];
    const base = (await git(remote, 'rev-parse', 'refs/heads/main')).trim();
    const tokens = new Map([
      [a.name, await signIn(a)],
      [b.name, await signIn(b)],
    ]);

    // All 50 at once: app i is created on backend a when i is even, else on b.
    const started = Date.now();
    const tasks: Task[] = await Promise.all(
      APPS.map(async (app, i) => {
        const on = i % 2 === 0 ? a : b;
        const res = await api(on, tokens.get(on.name)!, '/api/scaffolder/v2/tasks', {
          method: 'POST',
          body: {
            templateRef: TEMPLATE,
            values: {
              name: app,
              tenant: 'group:default/team-a',
              source: { type: 'image', image: `ghcr.io/example-org/${app}`, port: 8080 },
              version: '1.0.0',
              stages: ['resource:default/stage-staging', 'resource:default/stage-prod'],
            },
          },
        });
        if (res.status !== 201)
          throw new Error(`POST task for ${app} on ${on.name}: ${res.status} ${JSON.stringify(res.body)}`);
        return { id: res.body.id as string, app, createdOn: on.name };
      }),
    );
    expect(tasks.filter((t) => t.createdOn === 'a')).toHaveLength(APPS.length / 2);
    expect(tasks.filter((t) => t.createdOn === 'b')).toHaveLength(APPS.length / 2);

    // Each task is read back on the OTHER backend, with that backend's token: tasks and tokens are shared state.
    const deadline = Date.now() + 30 * 60_000;
    const finished = await Promise.all(
      tasks.map((t) => {
        const other = t.createdOn === 'a' ? b : a;
        return waitForTask(other, tokens.get(other.name)!, t, deadline);
      }),
    );
    const seconds = Math.round((Date.now() - started) / 1000);

    // 1. Every task completed, committing directly to main.
    expect(finished.filter((f) => f.status !== 'completed').map((f) => ({ app: f.app, failure: f.failure }))).toEqual(
      [],
    );
    for (const f of finished) {
      expect({ app: f.app, publish: f.output.publish }).toMatchObject({
        app: f.app,
        publish: {
          outcome: 'committed',
          mode: 'direct',
          review: 'direct',
          branch: 'main',
          requestHash: f.output.requestHash,
        },
      });
    }

    // 2. main gained exactly 50 commits, linear: no merges, one parent each, a single chain down to the base.
    const head = (await git(remote, 'rev-parse', 'refs/heads/main')).trim();
    const added = (await git(remote, 'rev-list', `${base}..${head}`)).split('\n').filter(Boolean);
    expect(added).toHaveLength(APPS.length);
    expect((await git(remote, 'rev-list', '--merges', `${base}..${head}`)).trim()).toBe('');
    const parents = (await git(remote, 'rev-list', '--parents', `${base}..${head}`))
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ').length - 1);
    expect(parents).toEqual(Array(APPS.length).fill(1));
    expect((await git(remote, 'rev-list', '--first-parent', `${base}..${head}`)).split('\n').filter(Boolean)).toEqual(
      added,
    );
    await git(remote, 'merge-base', '--is-ancestor', base, head); // rejects unless main still descends from the base
    // Nothing but main on the remote: no request went to a review branch.
    expect((await git(remote, 'for-each-ref', '--format=%(refname)')).trim()).toBe('refs/heads/main');

    // 3. One commit per request: each Platter-Request trailer exactly once, the commit each task reported, for Jane.
    const log = (
      await git(
        remote,
        'log',
        '--format=%H%x1f%(trailers:key=Platter-Request,valueonly,separator=%x1e)%x1f%(trailers:key=Requested-By,valueonly)%x1d',
        `${base}..${head}`,
      )
    )
      .split('\x1d')
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => {
        const [commit, requests, by] = r.split('\x1f');
        return { commit: commit!, requests: requests!.split('\x1e').filter(Boolean), by: by!.trim() };
      });
    expect(log).toHaveLength(APPS.length);
    for (const entry of log) {
      expect(entry.requests).toHaveLength(1);
      expect(entry.by).toBe(JANE);
    }
    const commitOf = new Map(log.map((e) => [e.requests[0]!, e.commit]));
    expect(commitOf.size).toBe(APPS.length);
    expect(new Set(finished.map((f) => f.output.requestHash)).size).toBe(APPS.length);
    for (const f of finished)
      expect({ app: f.app, commit: commitOf.get(f.output.requestHash) }).toEqual({
        app: f.app,
        commit: f.output.publish.commit,
      });

    // 4. The final tree holds all 50 apps, wired into both of team-a's stages, and validates (with real kustomize builds).
    const checkout = join(work, 'final');
    await git(work, 'clone', '--quiet', '--branch', 'main', remote, checkout);
    const apps = (await git(checkout, 'ls-tree', '--name-only', 'HEAD', 'apps/'))
      .split('\n')
      .map((p) => p.replace(/^apps\//, ''));
    expect(apps).toEqual(expect.arrayContaining(APPS));
    // CODEOWNERS is the platform's: the tenant's own direct commits leave it to the platform's next render (issue 22 item 2b).
    const codeowners = await git(checkout, 'show', 'HEAD:CODEOWNERS');
    for (const app of APPS) {
      expect(codeowners).not.toContain(`/apps/${app}/`);
      for (const stage of ['staging', 'prod']) {
        expect(await git(checkout, 'show', `HEAD:tenants/team-a/${stage}/kustomization.yaml`)).toContain(`${app}.yaml`);
      }
    }
    await platter(['validate', checkout, '--kustomize']);

    // 5. Each task was executed exactly once, by one of the two backends (their audit logs say which);
    // tasks were created on both (above). Which backend RUNS a task is not up to Platter: any worker may
    // claim any open task from the shared database, and a worker of plugin-scaffolder-backend 4.2.0 that
    // finds nothing to claim sleeps until its OWN backend creates a task (StorageTaskBroker.waitForDispatch;
    // wake-ups that come while it is claiming are lost). In a burst one backend often runs most of them
    // and sometimes all (splits seen with 20: 19/1, 9/11, 18/2, 1/19, 4/16, 2/18, 20/0; also with the requests
    // spread over half a second), so requiring both to run some would make this test flaky: the split is
    // printed instead, and the pushes of both backends racing are covered whenever both ran tasks.
    const ranOn = new Map(backends.map((x) => [x.name, executedOn(x)]));
    const executions = [...ranOn.values()].flat();
    expect([...executions].sort()).toEqual(tasks.map((t) => t.id).sort());

    // They really were concurrent: requests were planned on a head that others moved before they landed (then re-planned).
    const replanned = [];
    for (const f of finished) {
      const parent = (await git(remote, 'rev-parse', `${f.output.publish.commit}^`)).trim();
      if (parent !== f.output.baseCommit) replanned.push(f.app);
    }
    expect(replanned.length).toBeGreaterThan(0);

    // What the tasks' logs say: waits behind the same backend's earlier requests, and pushes lost to the other backend.
    const count = (re: RegExp) =>
      finished.reduce((n, f) => n + f.log.reduce((m, l) => m + Number(re.exec(l)?.[1] ?? 0), 0), 0);
    const queued = finished.filter((f) => f.log.some((l) => /waiting for \d+ earlier request/.test(l))).length;
    const raced = count(/re-planned on its new head (\d+) time/);
    const crossed = tasks.filter((t) => !ranOn.get(t.createdOn)!.includes(t.id)).length;
    console.log(
      `scale-out: ${APPS.length} tasks in ${seconds} s; executed on a: ${ranOn.get('a')!.length}, on b: ${ranOn.get('b')!.length} ` +
        `(${crossed} on the backend they were not created on); ${replanned.length} landed on a newer head than they were planned on; ` +
        `${queued} waited for their backend's earlier requests; ${raced} pushes lost a race with the other backend and were re-planned`,
    );
  });
});
