import fs from 'node:fs';
import path from 'node:path';
import { cli, exampleFleet, removeTempDirs } from '../internal/testCli';

// platter freezes, platter menu outdated, and freezes refusing a request through the CLI (issue 19).
jest.setTimeout(60_000);
afterAll(removeTempDirs);

const FREEZES = `  freezes:
    - name: black-friday
      stages: [prod]
      from: 2026-11-27
      until: 2026-11-30
      reason: Black Friday traffic
      overrideBy: [group:default/sre]
`;

let dir: string;
beforeAll(async () => {
  dir = await exampleFleet();
  const settings = path.join(dir, 'platter.yaml');
  // spec's last key: append the freezes under spec (two-space indent).
  fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8') + FREEZES);
});

describe('platter freezes', () => {
  it.each([
    ['during the window', '2026-11-28', true],
    ['after it', '2026-12-01', false],
  ])('%s', async (_n, at, active) => {
    const r = await cli(['freezes', dir, '--json', '--at', at]);
    expect(r.code).toBe(0);
    expect(r.json().freezes).toEqual([
      expect.objectContaining({ name: 'black-friday', active, reaches: ['prod-eu', 'prod-us'] }),
    ]);
    const text = await cli(['freezes', dir, '--at', at, '--exit-code']);
    expect(text.code).toBe(active ? 1 : 0);
    expect(text.out).toContain(active ? 'ACTIVE' : 'inactive');
  });

  it('reports a freeze that names an unknown env (exit 1)', async () => {
    const other = await exampleFleet();
    const settings = path.join(other, 'platter.yaml');
    fs.writeFileSync(
      settings,
      fs.readFileSync(settings, 'utf8') + FREEZES.replace('stages: [prod]', 'environments: [prod-ap]'),
    );
    const r = await cli(['freezes', other, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().diagnostics).toEqual([expect.objectContaining({ code: 'UnknownEnvironment' })]);
  });

  it('--at must be a date', async () => {
    expect((await cli(['freezes', dir, '--at', 'soon'])).code).toBe(2);
  });
});

describe('a request under an active freeze', () => {
  const upgrade = [
    'menu',
    'upgrade',
    'ingress-nginx',
    '1.1.0',
    '--stage',
    'prod',
    '-C',
    '<dir>',
    '--dry-run',
    '--json',
  ];
  const run = (extra: string[] = []) => cli([...upgrade.map((a) => (a === '<dir>' ? dir : a)), ...extra]);

  // Freezes are real-time here (the CLI plans at now): give the freeze no end so the test holds any day.
  beforeAll(() => {
    const settings = path.join(dir, 'platter.yaml');
    fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace('      until: 2026-11-30\n', ''));
  });

  it('is refused with Frozen (exit 1) naming the reason', async () => {
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.err + r.out).toContain('Frozen');
    expect(r.err + r.out).toContain('Black Friday traffic');
  });

  it('goes to review as an override with --group of overrideBy', async () => {
    const r = await run(['--group', 'group:default/sre']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ review: 'platform-review', freezeOverrides: [{ name: 'black-friday' }] });
  });
});

describe('platter menu outdated', () => {
  it('prod runs ingress-nginx behind the newest stable version (shop behind the rc of staging does not count)', async () => {
    const r = await cli(['menu', 'outdated', dir, '--json', '--at', '2026-11-27']);
    expect(r.code).toBe(0);
    const prod = r.json().stages.find((s: { stage: string }) => s.stage === 'prod');
    expect(prod.items).toEqual(
      expect.arrayContaining([{ reason: 'behind', subject: 'ingress-nginx', version: '1.0.0', newer: '1.1.0' }]),
    );
    const text = await cli(['menu', 'outdated', '-C', dir, '--exit-code']);
    expect(text.code).toBe(1);
    expect(text.out).toContain('ingress-nginx 1.0.0: behind 1.1.0');
    expect(prod.items.map((i: { reason: string }) => i.reason)).not.toContain('app-behind');
  });
});

describe('an env pinned by a campaign canary (issue 19 §3)', () => {
  it('outdated lists the pin under its stage, drift lists it on the env', async () => {
    const fleet = await exampleFleet();
    const canary = await cli([
      'campaign',
      'next',
      'ingress-nginx',
      '1.1.0',
      '-C',
      fleet,
      '--waves',
      'prod:prod-eu,prod',
    ]);
    expect(canary.code).toBe(0);
    const text = await cli(['menu', 'outdated', '-C', fleet]);
    expect(text.out).toContain('env prod-eu: ingress-nginx 1.1.0: pinned in this env (its stage runs 1.0.0');
    expect(text.out).not.toContain('env prod-us:');
    expect((await cli(['drift', 'prod', '-C', fleet])).out).toContain('pins ingress-nginx 1.1.0 here only');
  });
});

describe('platter menu matrix', () => {
  it('every combination of the example menu passes; markdown has a row per version', async () => {
    const r = await cli(['menu', 'matrix', 'ingress-nginx', '-C', dir, '--json']);
    expect(r.code).toBe(0);
    const m = r.json();
    expect(m.cells.filter((c: { status: string }) => c.status !== 'ok')).toEqual([]);
    expect(m.cells).toEqual(
      expect.arrayContaining([expect.objectContaining({ version: '1.0.0', stage: 'prod', used: true })]),
    );
    const md = await cli(['menu', 'matrix', 'ingress-nginx', '-C', dir, '--markdown']);
    expect(md.out).toContain('| version | staging | prod |');
    expect(md.out).toMatch(/^\| 1\.0\.0 \| ✅ \| ✅ \(runs today\) \|$/m);
  });

  it('exit 1 when a combination a stage runs today breaks', async () => {
    const broken = await exampleFleet();
    const patch = path.join(broken, 'runtime/ingress-nginx/1.0.0/metrics/patch.yaml');
    fs.writeFileSync(patch, fs.readFileSync(patch, 'utf8').replace('name: ingress-nginx', 'name: nope'));
    const r = await cli(['menu', 'matrix', '-C', broken]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1\.0\.0 +prod +FAILS .*\(runs today\)/);
    expect(r.out).toContain('MissingPatchTarget');
  });

  it.each([
    ['--json with --markdown', ['--json', '--markdown']],
    ['a bad --max', ['--max', '0']],
  ])('%s is a usage error', async (_n, extra) => {
    expect((await cli(['menu', 'matrix', '-C', dir, ...extra])).code).toBe(2);
  });
});
