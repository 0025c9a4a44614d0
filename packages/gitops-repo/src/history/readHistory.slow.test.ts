import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRequest, type Actor } from '@platter/model';
import { plan } from '@platter/render';
import { DiskFileTree, writeChanges } from '../fileTree';
import { commitPlan } from '../git/commitPlan';
import { TestRemotes } from '../git/testing/testRemotes';
import { kindOfTitle, readHistory } from '.';

// History on a real repository built by a sequence of requests (commitPlan, as `platter ... --commit`)
// and hand commits.
jest.setTimeout(60_000);

const PLATFORM: Actor = { kind: 'platform', user: 'user:default/ops' };
const TEAM_A: Actor = { kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' };

let remotes: TestRemotes;
let repo: string;
const commits: Record<string, string> = {};

beforeAll(async () => {
  remotes = await TestRemotes.create();
  const dir = await remotes.newDir('checkout');
  await remotes.git(dir, 'clone', '--quiet', await remotes.newRemote(), 'repo');
  repo = join(dir, 'repo');
  await remotes.git(repo, 'config', 'user.name', 'Hand Maker');
  await remotes.git(repo, 'config', 'user.email', 'hand@example.test');
  const request = async (name: string, input: unknown, actor: Actor) => {
    const p = plan(new DiskFileTree(repo), parseRequest(input) as never, {
      actor,
      now: new Date('2026-11-27T12:00:00Z'),
    });
    await writeChanges(repo, p.changes);
    commits[name] = (await commitPlan(repo, p, { actor }))!.commit!;
  };
  const hand = async (name: string, file: string, text: string) => {
    await appendFile(join(repo, file), text);
    await remotes.git(repo, 'commit', '--quiet', '-am', `hand: ${name}`);
    commits[name] = (await remotes.git(repo, 'rev-parse', 'HEAD')).trim();
  };
  await request(
    'addon',
    { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'nodeport', env: 'prod-eu' },
    PLATFORM,
  );
  await hand('config', 'envs/prod-eu/env-config.yaml', '# tuned by hand\n');
  await request('rollback', { kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.1.0' }, TEAM_A);
  await hand('staging', 'envs/staging-eu/env-config.yaml', '# only staging\n');
  await request(
    'upgrade',
    { kind: 'UpgradeComponent', service: 'ingress-nginx', stage: 'prod', version: '1.1.0' },
    PLATFORM,
  );
  await request(
    'staging-addon',
    { kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' },
    PLATFORM,
  );
});
afterAll(() => remotes.cleanup());

describe('readHistory', () => {
  it('an env: the requests and hand commits that changed what it builds from, newest first, with who, kind, review and undo', async () => {
    const h = await readHistory(repo, new DiskFileTree(repo), { env: 'prod-eu' });
    expect(h.map((e) => e.commit).slice(0, 4)).toEqual([
      commits.upgrade,
      commits.rollback,
      commits.config,
      commits.addon,
    ]);
    expect(h.some((e) => e.commit === commits.staging || e.commit === commits['staging-addon'])).toBe(false);
    const [upgrade, rollback, config, addon] = h;
    expect(upgrade).toMatchObject({
      source: 'request',
      kind: 'UpgradeComponent',
      requestedBy: 'user:default/ops',
      review: 'direct',
      undo: [{ kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.0.0' }],
    });
    expect(rollback).toMatchObject({
      source: 'request',
      kind: 'Rollback',
      requestedBy: 'user:default/jane',
      review: 'direct',
      files: ['apps/shop/prod/release.yaml'],
      undo: [{ kind: 'Rollback', app: 'shop', target: { stage: 'prod' }, version: '1.2.0' }],
    });
    expect(config).toMatchObject({
      source: 'hand',
      author: expect.stringMatching(/@example\.test>$/),
      files: ['envs/prod-eu/env-config.yaml'],
      undo: [],
    });
    expect(config!.kind).toBeUndefined();
    expect(addon).toMatchObject({
      source: 'request',
      kind: 'EnableAddon',
      undo: [{ kind: 'DisableAddon', service: 'ingress-nginx', addon: 'nodeport', env: 'prod-eu' }],
    });
    expect(h.at(-1)!.source).toBe('hand'); // the seed commit
  });

  it('a stage leaves out what only its envs changed; an app only its own paths', async () => {
    const stage = await readHistory(repo, new DiskFileTree(repo), { stage: 'prod' });
    expect(stage.map((e) => e.commit).slice(0, 2)).toEqual([commits.upgrade, commits.rollback]);
    expect(stage.some((e) => [commits.config, commits.addon, commits['staging-addon']].includes(e.commit))).toBe(false);
    const app = await readHistory(repo, new DiskFileTree(repo), { app: 'shop' }, { limit: 1 });
    expect(app.map((e) => e.commit)).toEqual([commits.rollback]);
  });

  it('an unknown subject is its Unknown* error', async () => {
    await expect(readHistory(repo, new DiskFileTree(repo), { env: 'nope' })).rejects.toMatchObject({
      code: 'UnknownEnvironment',
    });
    await expect(readHistory(repo, new DiskFileTree(repo), { stage: 'nope' })).rejects.toMatchObject({
      code: 'UnknownStage',
    });
  });
});

it.each([
  ['Roll back shop to 1.1.0 in stage prod', 'Rollback'],
  ['Enable ingress-nginx addon nodeport for env prod-eu', 'EnableAddon'],
  ['Disable ingress-nginx addon nodeport for env prod-eu', 'DisableAddon'],
  ['Upgrade ingress-nginx to 1.1.0 in stage prod', 'UpgradeComponent'],
  ['Fix typo', undefined],
])('the kind of "%s" is %s', (title, kind) => expect(kindOfTitle(title)).toBe(kind));
