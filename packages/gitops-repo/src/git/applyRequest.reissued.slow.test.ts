import { readdir } from 'node:fs/promises';
import { parseRequest } from '@platter/model';
import { applyRequest, type ApplyOptions } from './applyRequest';
import { NOW, PLATFORM, requestHashesOn, showFile } from './testing/fixtures';
import { TestRemotes } from './testing/testRemotes';

/**
 * Issue 22 item 1, "a re-issued request is silently dropped": exactly once means
 * one submission (DESIGN §6). A request without a `requestId` is a new
 * submission each time it is applied: config A, B, then A again lands A; a
 * second rotation lands; disable, enable, disable ends disabled. A retry of one
 * submission (the same `requestId`) stays a no-op, even after other changes.
 */
jest.setTimeout(60_000);

let remotes: TestRemotes;
let remote: string;
let workDir: string;
beforeAll(async () => {
  remotes = await TestRemotes.create();
});
afterAll(() => remotes.cleanup());
beforeEach(async () => {
  remote = await remotes.newRemote();
  workDir = await remotes.newDir('work');
});
afterEach(async () => {
  expect(await readdir(workDir)).toEqual([]);
});

const asPlatform = (extra: Partial<ApplyOptions> = {}) => ({
  mode: 'direct' as const,
  actor: PLATFORM,
  now: NOW,
  workDir,
  ...extra,
});
const region = (value: string, extra: Record<string, unknown> = {}) =>
  parseRequest({ kind: 'SetConfig', env: 'staging-eu', set: { region: value }, ...extra });
const regionOnMain = async () =>
  (await showFile(remote, 'main', 'envs/staging-eu/env-config.yaml')).match(/region: (\S+)/)?.[1];
const runtimeOnMain = () => showFile(remote, 'main', 'stages/staging/runtime/ingress-nginx.yaml');

describe('a re-issued request lands (issue 22 item 1)', () => {
  it('config set region A, then B, then A again: the remote ends at A, three commits', async () => {
    for (const value of ['eu-a', 'eu-b', 'eu-a']) {
      expect(await applyRequest(remote, region(value), asPlatform())).toMatchObject({ outcome: 'committed' });
      expect(await regionOnMain()).toBe(value);
    }
    expect(await requestHashesOn(remote, 'main')).toHaveLength(3);
  });

  it('addon disable, enable, disable: the addon ends disabled', async () => {
    const addon = (kind: string) =>
      parseRequest({ kind, service: 'ingress-nginx', addon: 'nodeport', stage: 'staging' });
    for (const kind of ['DisableAddon', 'EnableAddon', 'DisableAddon']) {
      expect(await applyRequest(remote, addon(kind), asPlatform())).toMatchObject({ outcome: 'committed' });
    }
    expect(await runtimeOnMain()).not.toContain('nodeport');
  });

  it('a second rotation with a new value lands (a leaked credential is replaced)', async () => {
    const rotate = (value: string) =>
      parseRequest({
        kind: 'SetSecret',
        env: 'staging-eu',
        rotate: true,
        secret: { name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: value } },
      });
    const file = 'envs/staging-eu/secrets/runtime-external-dns.yaml.encrypted';
    const first = await applyRequest(remote, rotate('first-rotation'), asPlatform());
    expect(first.outcome).toBe('committed');
    const afterFirst = await showFile(remote, 'main', file);
    const second = await applyRequest(remote, rotate('second-rotation'), asPlatform());
    expect(second.outcome).toBe('committed');
    expect(await showFile(remote, 'main', file)).not.toBe(afterFirst);
    expect(second.plan.requestHash).not.toBe(first.plan.requestHash);
  });

  it('a retry of one submission is a no-op, even after another change: it does not undo the later one', async () => {
    const a = await applyRequest(remote, region('eu-a', { requestId: 'task-1' }), asPlatform());
    expect(a.outcome).toBe('committed');
    await applyRequest(remote, region('eu-b', { requestId: 'task-2' }), asPlatform());
    const retry = await applyRequest(remote, region('eu-a', { requestId: 'task-1' }), asPlatform());
    expect(retry).toMatchObject({ outcome: 'already-applied', commit: a.commit });
    expect(await regionOnMain()).toBe('eu-b');
  });

  it('a new submission whose plan on the head is empty is no-changes', async () => {
    await applyRequest(remote, region('eu-a'), asPlatform());
    const before = await requestHashesOn(remote, 'main');
    expect(await applyRequest(remote, region('eu-a'), asPlatform())).toMatchObject({ outcome: 'no-changes' });
    expect(await requestHashesOn(remote, 'main')).toEqual(before);
  });

  it('mode branch: B replaces the proposal of A, and A again replaces B; the same change again pushes nothing', async () => {
    const branch = { mode: 'branch' as const };
    const a = await applyRequest(remote, region('eu-a'), asPlatform(branch));
    const b = await applyRequest(remote, region('eu-b'), asPlatform(branch));
    const again = await applyRequest(remote, region('eu-a'), asPlatform(branch));
    expect([a.outcome, b.outcome, again.outcome]).toEqual(['committed', 'committed', 'committed']);
    expect(await showFile(remote, again.branch, 'envs/staging-eu/env-config.yaml')).toContain('region: eu-a');
    expect(await applyRequest(remote, region('eu-a'), asPlatform(branch))).toMatchObject({
      outcome: 'already-applied',
      commit: again.commit,
    });
  });
});
