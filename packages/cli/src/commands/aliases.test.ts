import fs from 'node:fs';
import path from 'node:path';
import { cli, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

/**
 * Issue 22 item 7, "YAML alias bombs", through the CLI: a request file and a
 * repository file with nested aliases are refused at once with an error naming
 * the file (no heap exhaustion, no kubectl run on the bomb, no exit 70).
 */
jest.setTimeout(60_000);
afterAll(removeTempDirs);

const BOMB =
  [
    'a0: &a0 [lol]',
    ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
  ].join('\n') + '\n';

describe('YAML alias bombs (issue 22 item 7)', () => {
  it('apply -f with a bomb in the request file: usage error naming the file, nothing written', async () => {
    const dir = await exampleFleet();
    const file = path.join(dir, '..', 'bomb-request.yaml');
    fs.writeFileSync(
      file,
      `kind: SetConfig\nenv: prod-eu\nset: {region: eu}\n${BOMB.replace(/^a0:/, 'junk:\n  a0:').replace(/\na(\d)/g, '\n  a$1')}`,
    );
    const before = readFiles(dir);
    const started = Date.now();
    const r = await cli(['apply', '-f', file, dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bomb-request.yaml');
    expect(r.err).toMatch(/alias/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(readFiles(dir)).toEqual(before);
  });

  it('validate (and --kustomize) with a bomb in a values file a generator reads: YamlAliasLimit naming the file; kubectl is not run on it', async () => {
    const dir = await exampleFleet();
    fs.writeFileSync(path.join(dir, 'apps/shop/base/values.yaml'), BOMB);
    const k = path.join(dir, 'apps/shop/base/kustomization.yaml');
    fs.writeFileSync(
      k,
      `${fs.readFileSync(k, 'utf8')}configMapGenerator:\n  - name: shop-values\n    files: [values.yaml]\n`,
    );
    const r = await cli(['validate', dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().diagnostics).toContainEqual(
      expect.objectContaining({ code: 'YamlAliasLimit', path: 'apps/shop/base/values.yaml' }),
    );
    const withKustomize = await cli(['validate', dir, '--kustomize', '--json']);
    expect(withKustomize.code).toBe(1);
    expect(withKustomize.err).toContain('not building with kubectl kustomize: apps/shop/base/values.yaml');
  });

  it('rollback on a repository with a bomb in the app: a typed refusal, not an internal error', async () => {
    const dir = await exampleFleet();
    fs.writeFileSync(path.join(dir, 'apps/shop/prod/release.yaml'), BOMB);
    const r = await cli(['rollback', 'shop', '1.1.0', '--stage', 'prod', dir]);
    // The file is refused when read, so the prod deployment it held is not seen: a rejected request (exit 1).
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^InvalidRequest /);
  });
});
