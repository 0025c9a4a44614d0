import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { coreServices, createServiceFactory, type BackstageUserPrincipal } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { runKustomizeOracle } from '@platter/gitops-repo';
import { startGitHttpServer, TestRemotes, type GitHttpServer } from '@platter/gitops-repo/testing';
import { DEMO_AGE_RECIPIENT, parseYamlValues } from '@platter/render';
import { DEMO_ONLY_AGE_IDENTITY } from '@platter/render/testing';
import request from 'supertest';
import scaffolderModulePlatter from '.';

/**
 * The templates of templates/ as real scaffolder tasks: the REAL scaffolder and
 * catalog backends (in-memory SQLite) with this module and the platter backend
 * plugin, templates and users registered as file locations, each task created
 * and polled over HTTP (`POST /api/scaffolder/v2/tasks`), against (i) a bare
 * git remote and (ii) a smart-HTTP remote (`git http-backend` on loopback, with
 * credentials in the configured URL). Every landed commit holds exactly the
 * planned files and the repository still builds with the real kubectl kustomize
 * (runKustomizeOracle); bad parameters fail the task with the typed error and
 * leave the remote untouched; re-running or retrying a task commits nothing new.
 * Mocked: what startTestBackend mocks by default (auth tokens; permissions
 * allow), and userInfo, which answers with the ownership refs a sign-in
 * resolver would put into the user's token (the user and their groups): the
 * plan route reads groups only from there. The actions also read the users'
 * memberOf relations from the real catalog.
 */
jest.setTimeout(180_000);

const TEMPLATES_DIR = resolve(__dirname, '../../../templates');
const SECRET_VALUE = 'cf-token-only-in-task-secrets-5d81';

const ORG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform-team }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ops }
spec: { memberOf: [platform-team] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: jane }
spec: { memberOf: [team-a] }
`;

const USER = { jane: 'user:default/jane', ops: 'user:default/ops' } as const;
type As = keyof typeof USER;
const GROUPS: Record<string, string[]> = {
  [USER.jane]: ['group:default/team-a'],
  [USER.ops]: ['group:default/platform-team'],
};

/** userInfo as a sign-in resolver fills the token: the user's ref and groups. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as BackstageUserPrincipal).userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])] };
    },
  }),
});

interface TemplateCase {
  readonly template: string;
  readonly as: As;
  readonly values: Record<string, unknown>;
  readonly secrets?: Record<string, string>;
  readonly expected: { readonly review: string; readonly mode: string; readonly branch: string };
  /** The same request, as POST /api/platter/plan takes it. */
  readonly planRoute?: Record<string, unknown>;
}

const onboardApp = {
  name: 'cart',
  tenant: 'group:default/team-a',
  source: { type: 'helm', repository: 'oci://ghcr.io/example-org/charts', chart: 'cart' },
  version: '0.1.0',
  dependsOn: ['resource:default/component-ingress-nginx'],
  stages: ['resource:default/stage-staging'],
};
const direct = { review: 'direct', mode: 'direct', branch: 'main' };

const CASES: TemplateCase[] = [
  {
    template: 'onboard-app',
    as: 'jane',
    values: onboardApp,
    expected: direct,
    planRoute: {
      kind: 'OnboardApp',
      ...onboardApp,
      tenant: 'team-a',
      dependsOn: ['ingress-nginx'],
      stages: undefined,
      targets: [{ stage: 'staging' }],
    },
  },
  {
    template: 'onboard-tenant',
    as: 'ops',
    values: {
      name: 'team-c',
      owner: 'group:default/team-c',
      codeowners: ['@example-org/team-c'],
      stages: ['resource:default/stage-staging'],
    },
    expected: direct,
    planRoute: {
      kind: 'OnboardTenant',
      name: 'team-c',
      owner: 'group:default/team-c',
      codeowners: ['@example-org/team-c'],
      stages: ['staging'],
    },
  },
  {
    template: 'request-addon',
    as: 'jane',
    values: {
      stage: 'resource:default/stage-staging',
      addon: { service: 'ingress-nginx', version: '1.1.0', addons: ['metrics'] },
    },
    // A tenant's request on platform paths: a branch (no GitHub integration for this remote).
    expected: {
      review: 'platform-review',
      mode: 'branch',
      branch: 'platter/enable-addon/ingress-nginx-metrics-staging',
    },
    planRoute: { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' },
  },
  {
    template: 'new-environment',
    as: 'ops',
    values: {
      name: 'staging-us',
      stage: 'resource:default/stage-staging',
      owner: 'group:default/platform-team',
      ageRecipient: DEMO_AGE_RECIPIENT,
      region: 'us-east-1',
      externalDnsToken: '*'.repeat(SECRET_VALUE.length),
    },
    secrets: { externalDnsToken: SECRET_VALUE },
    expected: direct,
  },
  {
    template: 'new-stage',
    as: 'ops',
    values: {
      name: 'qa',
      after: 'resource:default/stage-staging',
      promotesFrom: 'resource:default/stage-staging',
      promotesTo: ['resource:default/stage-prod'],
      allowPrerelease: true,
      domain: 'qa.example.com',
      copyComponentsFrom: 'resource:default/stage-staging',
    },
    expected: direct,
    planRoute: {
      kind: 'CreateStage',
      name: 'qa',
      after: 'staging',
      promotesFrom: 'staging',
      promotesTo: ['prod'],
      allowPrerelease: true,
      copyComponentsFrom: 'staging',
      config: { domain: 'qa.example.com' },
    },
  },
  {
    template: 'promote-app',
    as: 'jane',
    values: { app: 'shop', to: ['resource:default/stage-prod'], version: '1.3.0' },
    expected: direct,
    planRoute: { kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' },
  },
  {
    // The PlatterCloudParameters field sends typed values, defaults filled in (issue 21).
    template: 'request-cloud-resource',
    as: 'jane',
    values: {
      app: 'shop',
      target: 'stage:prod', // what PlatterEntityPicker of stages and envs holds
      name: 'uploads',
      class: 's3-bucket',
      parameters: { region: 'eu-west-1', versioning: false, backups: true, retentionDays: 60 },
    },
    expected: direct,
    planRoute: {
      kind: 'AddCloudResource',
      app: 'shop',
      target: { stage: 'prod' },
      name: 'uploads',
      class: 's3-bucket',
      parameters: { region: 'eu-west-1', versioning: false, backups: true, retentionDays: 60 },
    },
  },
];

/** Bad parameters: the task fails with the typed error named, and nothing is pushed. */
const BAD: [string, string, string, Record<string, unknown>][] = [
  ['an invalid app name', 'onboard-app', 'InvalidName', { ...onboardApp, name: 'Bad_Name' }],
  [
    'an unknown addon',
    'request-addon',
    'UnknownAddon',
    {
      stage: 'resource:default/stage-staging',
      addon: { service: 'ingress-nginx', version: '1.1.0', addons: ['nope'] },
    },
  ],
  [
    'conflicting addons',
    'request-addon',
    'AddonConflict',
    {
      stage: 'resource:default/stage-staging',
      addon: { service: 'ingress-nginx', version: '1.1.0', addons: ['internal-lb'] },
    },
  ],
  // shop runs 1.3.0-rc.1 in staging, which prod promotes from; prod allows no prereleases.
  [
    'a prerelease promoted to prod',
    'promote-app',
    'PrereleaseNotAllowed',
    { app: 'shop', to: ['resource:default/stage-prod'] },
  ],
  // prod's limits of the s3-bucket class require backups.
  [
    'a bucket without backups in prod',
    'request-cloud-resource',
    'CloudParameterOutOfLimits',
    { app: 'shop', target: 'resource:default/stage-prod', name: 'uploads', class: 's3-bucket' },
  ],
];

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

interface TaskResult {
  readonly id: string;
  readonly status: string;
  readonly output: Record<string, any>;
  readonly events: { type: string; body: Record<string, any> }[];
  readonly spec: unknown;
}

describe.each([
  ['a bare remote', 'bare'],
  ['a smart-HTTP remote', 'http'],
] as const)('templates as real scaffolder tasks against %s', (_title, remoteKind) => {
  let remotes: TestRemotes;
  let bare: string;
  let server: GitHttpServer | undefined;
  let backend: Backend;
  let work: string;

  beforeAll(async () => {
    remotes = await TestRemotes.create();
    work = await mkdtemp(join(tmpdir(), 'platter-scaffolder-it-'));
    let url: string;
    if (remoteKind === 'bare') {
      bare = await remotes.newRemote();
      url = bare;
    } else {
      const root = join(work, 'git');
      await mkdir(root);
      bare = join(root, 'fleet.git');
      await cp(await remotes.newRemote(), bare, { recursive: true });
      const auth = { user: 'platter', password: 'http-remote-password-77' };
      server = await startGitHttpServer(root, { auth });
      url = `${server.url(auth)}/fleet.git`;
    }
    await writeFile(join(work, 'org.yaml'), ORG);
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-catalog-backend'),
        import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModulePlatter,
        import('@platter/plugin-platter-backend'),
        userInfoFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Template', 'User', 'Group', 'Location'] }],
              locations: [
                { type: 'file', target: join(work, 'org.yaml') },
                ...CASES.map((c) => ({ type: 'file', target: join(TEMPLATES_DIR, c.template, 'template.yaml') })),
              ],
            },
            // Snapshots never older than 1 ms: the preview route plans on the head the task then plans on.
            platter: { repository: { url }, cacheDir: join(work, 'cache'), maxSnapshotAgeMs: 1 },
          },
        }),
      ],
    });
    await waitForCatalog();
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
    await remotes?.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  const http = () => request(backend.server);
  const auth = (as: As) => mockCredentials.user.header(USER[as]);
  const git = (...args: string[]) => remotes.git(bare, ...args);
  const refs = () => git('for-each-ref', '--format=%(refname) %(objectname)');

  async function waitForCatalog(): Promise<void> {
    const wanted = [
      ...CASES.map((c) => `template/default/platter-${c.template}`),
      'user/default/jane',
      'user/default/ops',
    ];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = await Promise.all(
        wanted.map(async (w) => (await request(backend.server).get(`/api/catalog/entities/by-name/${w}`)).body),
      );
      // Users count once the catalog has stitched their memberOf relations.
      if (
        found.every(
          (e) =>
            e?.metadata && (e.kind !== 'User' || e.relations?.some((r: { type: string }) => r.type === 'memberOf')),
        )
      )
        return;
      if (Date.now() > deadline)
        throw new Error(
          `the catalog did not load the templates and users: ${JSON.stringify(found.map((e) => e?.metadata?.name ?? e?.error?.message))}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function runTask(
    template: string,
    as: As,
    values: Record<string, unknown>,
    secrets?: Record<string, string>,
  ): Promise<TaskResult> {
    const created = await http()
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth(as))
      .send({ templateRef: `template:default/platter-${template}`, values, ...(secrets ? { secrets } : {}) });
    expect(created.status).toBe(201);
    return waitForTask(created.body.id, as);
  }

  async function waitForTask(id: string, as: As, after?: string): Promise<TaskResult> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const task = (await http().get(`/api/scaffolder/v2/tasks/${id}`).set('Authorization', auth(as))).body;
      if ((task.status === 'completed' || task.status === 'failed') && task.lastHeartbeatAt !== after) {
        const events = (await http().get(`/api/scaffolder/v2/tasks/${id}/events`).set('Authorization', auth(as)))
          .body as TaskResult['events'];
        const completion = [...events].reverse().find((e) => e.type === 'completion');
        if (completion)
          return { id, status: task.status, output: completion.body.output ?? {}, events, spec: task.spec };
      }
      if (Date.now() > deadline) throw new Error(`task ${id} did not finish (status ${task.status})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A checkout of `commit` in a temp dir. */
  async function checkout(commit: string): Promise<string> {
    const dir = await remotes.newDir('checkout');
    await remotes.git(dir, 'clone', '--quiet', bare, 'repo');
    await remotes.git(join(dir, 'repo'), 'checkout', '--quiet', commit);
    return join(dir, 'repo');
  }

  const landed: Record<string, TaskResult> = {};

  // First, on the untouched example fleet (shop runs 1.3.0-rc.1 in staging, 1.2.0 in prod).
  it.each(BAD)('%s: the %s task fails with %s and the remote is untouched', async (_name, template, code, values) => {
    const before = await refs();
    const task = await runTask(template, 'jane', values);
    expect(task.status).toBe('failed');
    const failure = JSON.stringify(
      task.events.filter((e) => e.type === 'completion' || e.body.status === 'failed').map((e) => e.body),
    );
    expect(failure).toContain('InputError');
    expect(failure).toContain(code);
    expect(await refs()).toBe(before);
  });

  it('dry run (POST /v2/dry-run): the workspace holds the plan and no plaintext secret, and nothing is pushed', async () => {
    const before = await refs();
    const c = CASES.find((x) => x.template === 'new-environment')!;
    const template = parseYamlValues(await readFile(join(TEMPLATES_DIR, c.template, 'template.yaml'), 'utf8'))[0];
    const res = await http()
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', auth(c.as))
      .send({ template, values: c.values, secrets: c.secrets, directoryContents: [] });
    expect(res.status).toBe(200);
    const files = res.body.directoryContents as { path: string; base64Content: string }[];
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'platter/plan.json',
        'platter/request.json',
        'platter/changes/envs/staging-us/kustomization.yaml',
      ]),
    );
    expect(res.body.output.publish).toMatchObject({
      outcome: 'dry-run',
      mode: 'direct',
      review: 'direct',
      branch: 'main',
    });
    const everything = [
      ...files.map((f) => Buffer.from(f.base64Content, 'base64').toString('utf8')),
      JSON.stringify(res.body.log),
      JSON.stringify(res.body.output),
    ].join('\n');
    expect(everything).not.toContain(SECRET_VALUE);
    expect(await refs()).toBe(before);
  });

  it.each(CASES.map((c) => [c.template, c] as const))(
    '%s runs as a task and lands exactly the planned files; the result builds',
    async (template, c) => {
      const before = await git('rev-parse', 'main');
      let preview:
        { diff: string; plan: { baseCommit: string; changedFiles: { path: string }[]; review: string } } | undefined;
      if (c.planRoute) {
        const res = await http()
          .post('/api/platter/plan')
          .set('Authorization', auth(c.as))
          .send({ request: JSON.parse(JSON.stringify(c.planRoute)) });
        expect(res.status).toBe(200);
        preview = res.body;
      }

      const task = await runTask(template, c.as, c.values, c.secrets);
      expect({ status: task.status, error: task.status === 'failed' ? task.events.at(-1)?.body : undefined }).toEqual({
        status: 'completed',
        error: undefined,
      });
      const { publish, changedFiles, diff, baseCommit } = task.output;
      expect(publish).toMatchObject({ outcome: 'committed', ...c.expected });
      expect(baseCommit).toBe(before);
      expect(await git('rev-parse', publish.branch)).toBe(publish.commit);
      const committed = (await git('show', '--name-only', '--format=', '--no-renames', publish.commit))
        .split('\n')
        .filter(Boolean)
        .sort();
      expect(committed).toEqual(changedFiles.map((f: { path: string }) => f.path).sort());
      expect(await git('log', '-1', '--format=%(trailers:key=Requested-By,valueonly)', publish.commit)).toBe(
        `${USER[c.as]}\n`,
      );
      if (preview) {
        // The preview route answers, on the same head, with the diff the task then commits.
        expect(preview.plan.baseCommit).toBe(baseCommit);
        expect(preview.diff).toBe(diff);
        expect(preview.plan.review).toBe(publish.review);
        expect(preview.plan.changedFiles.map((f) => f.path)).toEqual(changedFiles.map((f: { path: string }) => f.path));
      }
      const text = task.output.text.map((t: { content: string }) => t.content).join('\n');
      expect(text).toContain(publish.commit);
      if (template === 'onboard-app') expect(text).toContain('platter.dev/app: cart');

      // Every env the change affects (all of them when it changes none, e.g. the menu).
      const envs: string[] = task.output.affectedEnvironments;
      const report = await runKustomizeOracle(await checkout(publish.commit), envs.length ? { envs } : {});
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      landed[template] = task;
    },
  );

  it('new-environment: the Secret field value lands only encrypted, and nowhere else', async () => {
    const task = landed['new-environment'];
    expect(task).toBeDefined();
    const commit = task!.output.publish.commit as string;
    const secretFile = 'envs/staging-us/secrets/runtime-external-dns.yaml.encrypted';
    const file = await git('show', `${commit}:${secretFile}`);
    const { decryptSops } = await import('sops-age');
    expect(await decryptSops(file, { secretKey: DEMO_ONLY_AGE_IDENTITY, fileType: 'yaml' })).toMatchObject({
      stringData: { EXTERNAL_DNS_API_TOKEN: SECRET_VALUE },
    });
    const nowhere = [
      JSON.stringify(task!.events),
      JSON.stringify(task!.output),
      JSON.stringify(task!.spec),
      await git('log', '--format=%B', 'main'),
    ];
    for (const place of nowhere) expect(place).not.toContain(SECRET_VALUE);
    const grep = await git('grep', '-c', '--fixed-strings', '-e', SECRET_VALUE, commit, '--').catch(() => 'no match');
    expect(grep).toBe('no match');
  });

  it('re-running a task makes no second commit; retrying one returns its recorded result', async () => {
    const first = landed['onboard-app'];
    expect(first).toBeDefined();
    const before = await refs();
    const again = await runTask('onboard-app', 'jane', onboardApp);
    expect(again.status).toBe('completed');
    expect(again.output.changedFiles).toEqual([]);
    // Another task is another submission (issue 22 item 1): its plan on the head is empty, so nothing to change.
    expect(again.output.publish).toMatchObject({ outcome: 'no-changes', branch: 'main' });
    expect(await refs()).toBe(before);

    const heartbeat = (await http().get(`/api/scaffolder/v2/tasks/${first!.id}`).set('Authorization', auth('jane')))
      .body.lastHeartbeatAt;
    expect(
      (await http().post(`/api/scaffolder/v2/tasks/${first!.id}/retry`).set('Authorization', auth('jane')).send({}))
        .status,
    ).toBe(201);
    const retried = await waitForTask(first!.id, 'jane', heartbeat);
    expect(retried.status).toBe('completed');
    // The publish step's checkpoint: the first run's result, nothing pushed.
    expect(retried.output.publish).toEqual(first!.output.publish);
    expect(await refs()).toBe(before);
  });
});
