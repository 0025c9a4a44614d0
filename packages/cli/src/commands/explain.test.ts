import { cli, exampleFleet, removeTempDirs } from '../internal/testCli';

jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('platter explain', () => {
  it('prints the chain with files and lines, and the value each step gave a field', async () => {
    const dir = await exampleFleet();
    const r = await cli([
      'explain',
      'prod-eu',
      'HelmRelease/ingress-nginx/ingress-nginx',
      '-C',
      dir,
      '--field',
      'spec.values.controller.metrics.enabled',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      'HelmRelease ingress-nginx/ingress-nginx in env prod-eu, applied by flux-system/runtime-ingress-nginx',
    );
    expect(lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'env',
      'stage',
      'kustomization',
      'component',
      'addon',
      'base',
      'addon',
      'substitution',
      'spec.values.controller.metrics.enabled',
    ]);
    expect(r.out).toMatch(
      /addon +addon metrics: patch runtime\/ingress-nginx\/1\.0\.0\/metrics\/patch\.yaml +runtime\/ingress-nginx\/1\.0\.0\/metrics\/patch\.yaml:1 .* = true/,
    );
  });

  it('--json carries the steps; a cluster-scoped object takes <kind>/<name>', async () => {
    const dir = await exampleFleet();
    const r = await cli(['explain', 'staging-eu', 'Namespace/cert-manager', '-C', dir, '--json']);
    expect(r.code).toBe(0);
    const e = r.json();
    expect(e.object).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'cert-manager' });
    expect(e.steps.find((s: { step: string }) => s.step === 'base').file).toBe(
      'runtime/cert-manager/1.0.0/_base/namespace.yaml',
    );
    expect(e.gaps).toEqual([]);
  });

  it.each([
    ['an object the env does not have', ['explain', 'prod-eu', 'Deployment/team-b/billing'], 1, 'UnknownObject'],
    ['an unknown env', ['explain', 'nope', 'Namespace/cert-manager'], 1, 'UnknownEnvironment'],
    ['a malformed object', ['explain', 'prod-eu', 'HelmRelease'], 2, 'expected <kind>/<namespace>/<name>'],
  ])('%s', async (_name, argv, code, message) => {
    const dir = await exampleFleet();
    const r = await cli([...argv, '-C', dir]);
    expect(r.code).toBe(code);
    expect(r.err).toContain(message);
  });
});
