import { cli, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

// Read-only commands: menu list, menu usage, menu upgrade-plan, drift. They never write.
jest.setTimeout(60_000);
afterAll(removeTempDirs);

let dir: string;
let before: Map<string, string>;
beforeAll(async () => {
  dir = await exampleFleet();
  before = readFiles(dir);
});
afterEach(() => expect(readFiles(dir)).toEqual(before));

describe('menu list', () => {
  it('lists every version with its lifecycle and the stages running it', async () => {
    const r = await cli(['menu', 'list', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ingress-nginx$/m);
    expect(r.out).toMatch(/^ {2}1\.0\.0 +stable .*stages prod$/m);
    expect(r.out).toMatch(/^ {2}1\.1\.0 +stable .*stages staging$/m);
    const json = (await cli(['menu', 'list', dir, '--json'])).json();
    expect(
      json
        .find((s: { service: string }) => s.service === 'ingress-nginx')
        .versions.map((v: { version: string }) => v.version),
    ).toEqual(['1.0.0', '1.1.0']);
  });
});

describe('menu usage', () => {
  it('names the stages, envs and apps using a version', async () => {
    const r = await cli(['menu', 'usage', 'ingress-nginx', '1.0.0', '-C', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ingress-nginx 1.0.0');
    expect(r.out).toContain('stage prod');
    expect(r.out).toContain('env prod-eu');
    const json = (await cli(['menu', 'usage', 'ingress-nginx', '1.0.0', '-C', dir, '--json'])).json();
    expect(json.versions[0]).toEqual(
      expect.objectContaining({ version: '1.0.0', stages: ['prod'], environments: ['prod-eu', 'prod-us'] }),
    );
  });

  it.each([
    ['unknown service', ['menu', 'usage', 'nginx'], 'UnknownRuntimeService'],
    ['unknown version', ['menu', 'usage', 'ingress-nginx', '9.9.9'], 'UnknownComponentVersion'],
  ])('%s -> %s', async (_name, argv, code) => {
    const r = await cli([...argv, '-C', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${code} `));
  });
});

describe('menu upgrade-plan', () => {
  it('lists the per-stage requests in promotion order', async () => {
    const r = await cli(['menu', 'upgrade-plan', 'ingress-nginx', '1.1.0', '-C', dir]);
    expect(r.err).toBe('');
    expect(r.out).toContain('platter menu upgrade ingress-nginx 1.1.0 --stage prod');
    expect(r.out).toMatch(/stage staging: skipped \(already at 1\.1\.0\)/);
    const json = (await cli(['menu', 'upgrade-plan', 'ingress-nginx', '1.1.0', '-C', dir, '--json'])).json();
    expect(json.steps.map((s: { request: unknown }) => s.request)).toEqual([
      { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '1.1.0' },
    ]);
  });
});

describe('drift', () => {
  it('reports per env of a stage, and --exit-code fails on drift', async () => {
    const r = await cli(['drift', 'prod', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/prod-eu|prod-us/);
    const json = (await cli(['drift', 'prod', dir, '--json'])).json();
    expect(json.stage).toBe('prod');
    expect(json.environments.map((e: { env: string }) => e.env)).toEqual(['prod-eu', 'prod-us']);
    const drifting = json.environments.some((e: { inSync: boolean }) => !e.inSync);
    expect((await cli(['drift', 'prod', dir, '--exit-code'])).code).toBe(drifting ? 1 : 0);
  });

  it('an unknown stage is UnknownStage', async () => {
    const r = await cli(['drift', 'qa', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^UnknownStage /);
  });
});
