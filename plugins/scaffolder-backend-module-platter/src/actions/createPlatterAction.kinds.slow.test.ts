import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { REQUEST_KINDS, type RequestKind } from '@platter/model';
import { ActionHarness, outputsOf, testIdentityDeps, USERS, type TestContext } from '../testing/harness';
import { PLATTER_ACTION_IDS } from './actionIds';
import { createPlatterAction } from './createPlatterAction';
import { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';
import { createPublishAction } from './publish';

/**
 * Every request kind through its action, with createMockActionContext, against
 * real bare git remotes (TestRemotes): the example input of each kind
 * (createPlatterAction.examples.ts) is planned as a user of the example fleet,
 * then landed with platter:publish in the mode its review path gives, and the
 * commit holds exactly the planned files. Slow (real git, ~1-2 s a kind).
 */
jest.setTimeout(60_000);

const NOW = new Date('2026-11-27T12:00:00Z');
let h: ActionHarness;
beforeAll(async () => {
  h = await ActionHarness.create();
});
afterAll(() => h.cleanup());

const noIntegrations = ScmIntegrations.fromConfig(new ConfigReader({}));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function everythingIn(ctx: TestContext): Promise<string> {
  const files = await filesUnder(ctx.workspacePath);
  const contents = await Promise.all(files.map((f) => readFile(join(ctx.workspacePath, f), 'utf8')));
  const logs = Object.values(ctx.logger).flatMap((fn) => ((fn as jest.Mock).mock?.calls ?? []).flat());
  return [...contents, JSON.stringify(outputsOf(ctx)), JSON.stringify(logs)].join('\n');
}

describe.each(REQUEST_KINDS.map((k) => [PLATTER_ACTION_IDS[k], k] as [string, RequestKind]))('%s', (id, kind) => {
  const example = PLATTER_ACTION_EXAMPLES[kind];

  it(`plans the example as ${example.as}, writes the plan into the workspace, and publish lands exactly the planned files`, async () => {
    const { remote, service } = await h.repository();
    const deps = { repository: service, ...testIdentityDeps(), now: () => NOW };
    const action = createPlatterAction(kind, deps);
    expect(action.id).toBe(id);
    expect(action.supportsDryRun).toBe(true);

    const ctx = await h.context({
      input: example.input,
      as: example.as,
      ...(example.secrets ? { secrets: example.secrets } : {}),
    });
    await action.handler(ctx);
    const out = outputsOf(ctx);
    const head = await h.remotes.git(remote, 'rev-parse', 'main');
    expect(Object.keys(out).sort()).toEqual(['affectedEnvironments', 'changedFiles', 'diff', 'plan', 'review']);
    expect(out.plan).toMatchObject({ baseCommit: head, review: out.review, request: { kind } });
    expect(out.changedFiles.length).toBeGreaterThan(0);
    expect(out.diff).not.toBe('');

    const planFile = JSON.parse(await readFile(join(ctx.workspacePath, 'platter/plan.json'), 'utf8'));
    expect(planFile).toMatchObject({
      baseCommit: head,
      requestHash: out.plan.requestHash,
      review: out.review,
      diff: out.diff,
    });
    const written = (await filesUnder(join(ctx.workspacePath, 'platter/changes'))).sort();
    const expected = planFile.changes
      .filter((c: { op: string }) => c.op !== 'delete')
      .map((c: { path: string }) => c.path)
      .sort();
    expect(written).toEqual(expected);
    for (const c of planFile.changes.filter((x: { op: string }) => x.op !== 'delete')) {
      expect(await readFile(join(ctx.workspacePath, 'platter/changes', c.path), 'utf8')).toBe(c.after);
    }
    for (const value of Object.values(example.secrets ?? {})) expect(await everythingIn(ctx)).not.toContain(value);

    const publish = createPublishAction({ ...deps, integrations: noIntegrations });
    const pctx = await h.context({ input: {}, as: example.as, workspacePath: ctx.workspacePath });
    await publish.handler(pctx);
    const landed = outputsOf(pctx);
    const mode = out.review === 'direct' ? 'direct' : 'branch';
    expect(landed).toMatchObject({ outcome: 'committed', mode, review: out.review, requestHash: out.plan.requestHash });
    expect(landed.branch).toEqual(mode === 'direct' ? 'main' : expect.stringMatching(/^platter\//));
    expect(await h.remotes.git(remote, 'rev-parse', landed.branch)).toBe(landed.commit);
    const committed = (await h.remotes.git(remote, 'show', '--name-only', '--format=', '--no-renames', landed.commit))
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(committed).toEqual(out.changedFiles.map((c: { path: string }) => c.path).sort());
    expect(
      await h.remotes.git(
        remote,
        'log',
        '-1',
        '--format=%(trailers:key=Platter-Request,valueonly)%(trailers:key=Requested-By,valueonly)',
        landed.commit,
      ),
    ).toBe(`${out.plan.requestHash}\n${USERS[example.as].ref}\n`);
    for (const value of Object.values(example.secrets ?? {})) {
      expect(
        await h.remotes.git(remote, 'grep', '-c', '--fixed-strings', '-e', value, landed.commit, '--').catch(() => ''),
      ).toBe('');
    }
  });
});
