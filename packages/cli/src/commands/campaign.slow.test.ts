import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseYamlValues, toYaml } from '@platter/render';
import { cli, exampleFleet, removeTempDirs, tempDir } from '../internal/testCli';

/**
 * Upgrade campaigns through real git (issue 19 §3): cert-manager 1.1.0 across
 * staging then prod with a 24h soak. Each wave is pushed as its own review
 * branch (--push --branch); a test "reviewer" merges it into main on the bare
 * remote at a fixed committer date (the pull request's merge); the checkout
 * pulls, and status/next read the progress and the soak from Git alone. The
 * first case sets the soak with the deprecated `spec.campaigns.soak`, the
 * second per stage (`stages[].promotion.soak`, platter ci promote's key) with a
 * canary wave from platter.yaml.
 */
jest.setTimeout(180_000);
afterAll(removeTempDirs);

const IDENTITY = ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false'];
const git = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  }).trim();

async function setup(settings: (doc: any) => void): Promise<{ remote: string; clone: string }> {
  const seed = await exampleFleet();
  expect((await cli(['menu', 'release', 'cert-manager', '1.1.0', '--from', '1.0.0', '-C', seed])).code).toBe(0);
  const file = path.join(seed, 'platter.yaml');
  const doc = parseYamlValues(fs.readFileSync(file, 'utf8'))[0] as any;
  settings(doc);
  fs.writeFileSync(file, toYaml(doc));
  git(seed, ['init', '-q', '-b', 'main']);
  git(seed, ['add', '-A']);
  git(seed, ['commit', '-q', '-m', 'example fleet with cert-manager 1.1.0 released']);
  const remote = path.join(tempDir(), 'fleet.git');
  git(path.dirname(remote), ['clone', '-q', '--bare', seed, remote]);
  const clone = path.join(tempDir(), 'checkout');
  git(path.dirname(clone), ['clone', '-q', remote, clone]);
  return { remote, clone };
}

/** The reviewer merges a wave's branch into main on the remote, at `date` (the PR merge). */
function merge(remote: string, branch: string, date: string): void {
  const work = path.join(tempDir(), 'reviewer');
  git(path.dirname(work), ['clone', '-q', remote, work]);
  git(work, ['merge', '--no-ff', '-q', '-m', `Merge ${branch}`, `origin/${branch}`], {
    GIT_COMMITTER_DATE: date,
    GIT_AUTHOR_DATE: date,
  });
  git(work, ['push', '-q', 'origin', 'main']);
}

const branches = (remote: string) =>
  git(remote, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/platter/']).split('\n').filter(Boolean);

it('two waves, each its own branch, the next one after the previous merged and soaked (deprecated campaigns.soak)', async () => {
  const { remote, clone } = await setup((doc) => {
    doc.spec.campaigns = { soak: '24h' };
  });
  const status = async (at: string) =>
    (await cli(['campaign', 'status', 'cert-manager', '1.1.0', '-C', clone, '--json', '--at', at])).json();

  let s = await status('2026-11-27T09:00:00Z');
  expect(s.waves.map((w: { stage: string; landed: boolean }) => [w.stage, w.landed])).toEqual([
    ['staging', false],
    ['prod', false],
  ]);
  expect(s.next).toMatchObject({ wave: 'staging', stage: 'staging', ready: true });
  expect(s.diagnostics.map((d: { code: string }) => d.code)).toEqual(['DeprecatedSetting']);

  // Wave 1: staging, on its own branch.
  const start = await cli(['campaign', 'start', 'cert-manager', '1.1.0', '-C', clone, '--push', '--branch']);
  expect(start.code).toBe(0);
  const [wave1] = branches(remote);
  expect(wave1).toMatch(/cert-manager-1\.1\.0-staging$/);
  expect(git(remote, ['show', `${wave1}:stages/staging/runtime/cert-manager.yaml`])).toContain('1.1.0');
  expect(git(remote, ['show', 'main:stages/staging/runtime/cert-manager.yaml'])).not.toContain('1.1.0');

  merge(remote, wave1!, '2026-11-27T10:00:00Z');
  git(clone, ['pull', '-q', '--ff-only']);

  s = await status('2026-11-27T20:00:00Z');
  expect(s.waves[0]).toMatchObject({ stage: 'staging', landed: true, landedAt: '2026-11-27T10:00:00.000Z' });
  expect(s.next).toMatchObject({ wave: 'prod', ready: false, readyAt: '2026-11-28T10:00:00.000Z' });

  // Inside the soak time: refused, nothing pushed; start again: refused (it has started).
  const early = await cli([
    'campaign',
    'next',
    'cert-manager',
    '1.1.0',
    '-C',
    clone,
    '--at',
    '2026-11-27T20:00:00Z',
    '--push',
    '--branch',
  ]);
  expect(early.code).toBe(1);
  expect(early.err).toContain('Soaking');
  expect((await cli(['campaign', 'start', 'cert-manager', '1.1.0', '-C', clone, '--push', '--branch'])).code).toBe(1);
  expect(branches(remote)).toEqual([wave1]);

  // Wave 2: prod, re-planned on the new head, on a branch of its own.
  const next = await cli([
    'campaign',
    'next',
    'cert-manager',
    '1.1.0',
    '-C',
    clone,
    '--at',
    '2026-11-28T11:00:00Z',
    '--push',
    '--branch',
  ]);
  expect(next.code).toBe(0);
  const wave2 = branches(remote).find((b) => b !== wave1);
  expect(wave2).toMatch(/cert-manager-1\.1\.0-prod$/);
  expect(git(remote, ['show', `${wave2}:stages/prod/runtime/cert-manager.yaml`])).toContain('1.1.0');
  expect(git(remote, ['merge-base', '--is-ancestor', 'main', wave2!]) === '').toBe(true);

  merge(remote, wave2!, '2026-11-28T12:00:00Z');
  git(clone, ['pull', '-q', '--ff-only']);
  s = await status('2026-11-28T13:00:00Z');
  expect(s.done).toBe(true);
  expect(s.waves.map((w: { landedAt: string }) => w.landedAt)).toEqual([
    '2026-11-27T10:00:00.000Z',
    '2026-11-28T12:00:00.000Z',
  ]);
  // Done: next has nothing to open.
  const after = await cli(['campaign', 'next', 'cert-manager', '1.1.0', '-C', clone, '--push', '--branch']);
  expect(after.code).toBe(0);
  expect(branches(remote)).toHaveLength(2);
});

it('three waves from platter.yaml, a canary env first, soaking per stage (stages[].promotion.soak)', async () => {
  const { remote, clone } = await setup((doc) => {
    doc.spec.stages.find((x: { name: string }) => x.name === 'prod').promotion = { soak: '24h' };
    doc.spec.campaigns = { waves: [{ stage: 'staging' }, { stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }] };
  });
  const status = async (at: string) =>
    (await cli(['campaign', 'status', 'cert-manager', '1.1.0', '-C', clone, '--json', '--at', at])).json();
  const next = (at: string) =>
    cli(['campaign', 'next', 'cert-manager', '1.1.0', '-C', clone, '--at', at, '--push', '--branch']);
  const newBranch = (known: string[]) => branches(remote).find((b) => !known.includes(b))!;

  // Wave 1: staging. The wave into staging has no soak (staging has no promotion.soak).
  expect((await next('2026-11-27T09:00:00Z')).code).toBe(0);
  const wave1 = newBranch([]);
  expect(wave1).toMatch(/cert-manager-1\.1\.0-staging$/);
  merge(remote, wave1, '2026-11-27T10:00:00Z');
  git(clone, ['pull', '-q', '--ff-only']);

  // Wave 2, the canary prod-eu: into prod, so prod's 24h soak after staging landed.
  let s = await status('2026-11-27T20:00:00Z');
  expect(s.next).toMatchObject({ wave: 'prod-eu', stage: 'prod', ready: false, readyAt: '2026-11-28T10:00:00.000Z' });
  expect(s.diagnostics).toEqual([]);
  const early = await next('2026-11-27T20:00:00Z');
  expect(early.code).toBe(1);
  expect(early.err).toContain('Soaking');
  expect((await next('2026-11-28T10:00:00Z')).code).toBe(0);
  const wave2 = newBranch([wave1]);
  expect(wave2).toMatch(/cert-manager-1\.1\.0-prod-eu$/);
  // The canary pins prod-eu alone; prod and prod-us stay at 1.0.0.
  expect(git(remote, ['diff', '--name-only', 'main', wave2]).split('\n')).toEqual(['envs/prod-eu/kustomization.yaml']);
  expect(git(remote, ['show', `${wave2}:envs/prod-eu/kustomization.yaml`])).toContain(
    'value: ./runtime/cert-manager/1.1.0/_base',
  );
  merge(remote, wave2, '2026-11-28T11:00:00Z');
  git(clone, ['pull', '-q', '--ff-only']);

  // Wave 3, the rest of prod: 24h after the canary landed.
  s = await status('2026-11-28T12:00:00Z');
  expect(
    s.waves.map((w: { name: string; landed: boolean; landedAt?: string }) => [w.name, w.landed, w.landedAt]),
  ).toEqual([
    ['staging', true, '2026-11-27T10:00:00.000Z'],
    ['prod-eu', true, '2026-11-28T11:00:00.000Z'],
    ['prod', false, undefined],
  ]);
  expect(s.next).toMatchObject({ wave: 'prod', ready: false, readyAt: '2026-11-29T11:00:00.000Z' });
  expect((await next('2026-11-28T12:00:00Z')).code).toBe(1);
  expect((await next('2026-11-29T11:00:00Z')).code).toBe(0);
  const wave3 = newBranch([wave1, wave2]);
  expect(wave3).toMatch(/cert-manager-1\.1\.0-prod$/);
  // The stage moves and the canary's pin goes, in one commit.
  expect(git(remote, ['diff', '--name-only', 'main', wave3]).split('\n')).toEqual([
    'envs/prod-eu/kustomization.yaml',
    'stages/prod/runtime/cert-manager.yaml',
  ]);
  expect(git(remote, ['show', `${wave3}:envs/prod-eu/kustomization.yaml`])).not.toContain('/spec/path');
  merge(remote, wave3, '2026-11-29T12:00:00Z');
  git(clone, ['pull', '-q', '--ff-only']);

  s = await status('2026-11-29T13:00:00Z');
  expect(s.done).toBe(true);
  expect((await cli(['validate', clone])).code).toBe(0);
});
