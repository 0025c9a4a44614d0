import { describeRequest, parseRequest } from '@platter/model';
import { kindOfTitle } from '@platter/gitops-repo';
import { changedFiles, cli, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

// `platter stage add|remove` in-process against the example fleet (`platter init`):
// the flags become the request, a real run writes exactly what --dry-run planned,
// and a refusal exits 1 with its code and writes nothing.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('platter stage add', () => {
  it('takes every flag into the request and writes the planned files; again it plans nothing', async () => {
    const dir = await exampleFleet();
    const argv = [
      'stage',
      'add',
      'qa',
      '--after',
      'staging',
      '--promotes-from',
      'staging',
      '--promotes-to',
      'prod',
      '--allow-prerelease',
      '--copy-components-from',
      'staging',
      '--config',
      'domain=qa.example.com',
      '-C',
      dir,
    ];
    const before = readFiles(dir);
    const dry = await cli([...argv, '--dry-run', '--json']);
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    const planned = dry.json();
    expect(planned.request).toEqual({
      kind: 'CreateStage',
      name: 'qa',
      after: 'staging',
      promotesFrom: 'staging',
      promotesTo: ['prod'],
      allowPrerelease: true,
      copyComponentsFrom: 'staging',
      config: { domain: 'qa.example.com' },
    });
    expect(readFiles(dir)).toEqual(before);

    const real = await cli(argv);
    expect(real.err).toBe('');
    expect(real.code).toBe(0);
    expect(changedFiles(before, readFiles(dir))).toEqual(
      planned.changes.map((c: { op: string; path: string }) => `${c.op} ${c.path}`),
    );
    // staging's runtime components, one file each, as staging has them.
    const staging = [...before.keys()].filter((p) => p.startsWith('stages/staging/runtime/'));
    expect(staging.length).toBeGreaterThanOrEqual(3);
    expect(changedFiles(before, readFiles(dir))).toEqual([
      'modify platter.yaml',
      'add stages/qa/kustomization.yaml',
      ...staging.sort().map((p) => `add ${p.replace('stages/staging/', 'stages/qa/')}`),
      'add stages/qa/stage-config.yaml',
    ]);
    for (const p of staging) expect(readFiles(dir).get(p.replace('stages/staging/', 'stages/qa/'))).toBe(before.get(p));
    // Inserted into the chain: staging -> qa -> prod.
    expect(readFiles(dir).get('platter.yaml')).toContain('    - name: prod\n      promotesFrom: qa\n');
    const validate = await cli(['validate', dir]);
    expect(validate.code).toBe(0);

    const again = await cli(argv);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing to change');
  });

  it('--position places it by number (1 = first)', async () => {
    const dir = await exampleFleet();
    const r = await cli(['stage', 'add', 'dev', '--position', '1', '-C', dir, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().request).toEqual(expect.objectContaining({ kind: 'CreateStage', name: 'dev', position: 1 }));
  });

  it.each([
    ['--position that is not a number: usage (exit 2)', ['--position', 'first'], 2, undefined],
    ['--position 0', ['--position', '0'], 1, 'InvalidRequest'],
    ['--after and --position', ['--after', 'staging', '--position', '2'], 1, 'InvalidRequest'],
    ['an unknown --promotes-from', ['--promotes-from', 'stagign'], 1, 'UnknownStage'],
    ['promoted from a later stage', ['--position', '1', '--promotes-from', 'prod'], 1, 'InvalidRequest'],
  ])('%s', async (_name, flags, code, errorCode) => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli(['stage', 'add', 'qa', ...flags, '-C', dir]);
    expect(r.code).toBe(code);
    if (errorCode) expect(r.err).toMatch(new RegExp(`^${errorCode} `, 'm'));
    expect(readFiles(dir)).toEqual(before);
  });
});

describe('platter stage remove', () => {
  it('removes an unused stage; again it says it is gone (AlreadyAbsent, exit 1)', async () => {
    const dir = await exampleFleet();
    expect((await cli(['stage', 'add', 'qa', '--after', 'staging', '-C', dir])).code).toBe(0);
    const before = readFiles(dir);
    const r = await cli(['stage', 'remove', 'qa', '-C', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(changedFiles(before, readFiles(dir))).toEqual([
      'modify platter.yaml',
      'delete stages/qa/kustomization.yaml',
      'delete stages/qa/stage-config.yaml',
    ]);
    const again = await cli(['stage', 'remove', 'qa', '-C', dir]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^AlreadyAbsent /);
  });

  it('refuses a stage in use, listing every user (StageInUse), and writes nothing', async () => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli(['stage', 'remove', 'staging', '-C', dir]);
    expect(r.code).toBe(1);
    const lines = r.err.split('\n').filter((l) => l.startsWith('StageInUse '));
    // staging-eu is in it, shop is bound to it, prod is promoted from it.
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'StageInUse envs/staging-eu',
      'StageInUse apps/shop/staging',
      'StageInUse platter.yaml',
    ]);
    expect(readFiles(dir)).toEqual(before);
  });

  it('--relink links the stages promoted from it to its own promotesFrom', async () => {
    const dir = await exampleFleet();
    expect(
      (await cli(['stage', 'add', 'qa', '--after', 'staging', '--promotes-from', 'staging', '-C', dir])).code,
    ).toBe(0);
    expect((await cli(['stage', 'add', 'uat', '--after', 'qa', '--promotes-from', 'qa', '-C', dir])).code).toBe(0);
    const refused = await cli(['stage', 'remove', 'qa', '-C', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^StageInUse platter\.yaml: .*"uat" is promoted from it/m);
    const r = await cli(['stage', 'remove', 'qa', '--relink', '-C', dir, '--json']);
    expect(r.code).toBe(0);
    expect(readFiles(dir).get('platter.yaml')).toContain('    - name: uat\n      promotesFrom: staging\n');
  });
});

describe('titles', () => {
  // `platter history` reads a commit's kind back from its title: with and without the optional fields.
  it.each([
    [{ kind: 'CreateStage', name: 'qa' }, 'CreateStage'],
    [{ kind: 'CreateStage', name: 'qa', promotesFrom: 'staging', after: 'staging' }, 'CreateStage'],
    [{ kind: 'DeleteStage', name: 'qa' }, 'DeleteStage'],
    [{ kind: 'DeleteStage', name: 'qa', relink: true }, 'DeleteStage'],
  ])('%j', (request, kind) => {
    expect(kindOfTitle(describeRequest(parseRequest(request)))).toBe(kind);
  });
});
