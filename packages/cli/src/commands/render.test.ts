import fs from 'node:fs';
import path from 'node:path';
import { cli, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

afterAll(removeTempDirs);

const RUNTIME = 'stages/prod/runtime/ingress-nginx.yaml';

/**
 * `platter render --check` shows what would change field by field (issue 14),
 * not only "would change <file>": a hand-tuned managed field with the value found
 * and the value render writes; a non-YAML file (CODEOWNERS) as diff lines.
 */
describe('platter render --check', () => {
  it('lists each drifted field with the value found and the value render writes; writes nothing', async () => {
    const dir = await exampleFleet();
    const file = path.join(dir, RUNTIME);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('interval: 10m', 'interval: 5m # tuned'));
    fs.appendFileSync(path.join(dir, 'CODEOWNERS'), '/docs/ @example-org/docs\n');
    const before = readFiles(dir);

    const r = await cli(['render', dir, '--check']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`would change ${RUNTIME}\n    spec.interval: "5m" -> "10m"\n`);
    expect(r.out).toContain('would change CODEOWNERS\n');
    expect(r.out).toContain('    -/docs/ @example-org/docs\n');
    expect(readFiles(dir)).toEqual(before);

    // render writes Platter's value back, keeping the comment; then nothing is left to change.
    expect((await cli(['render', dir])).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('interval: 10m # tuned\n');
    expect((await cli(['render', dir, '--check'])).code).toBe(0);
  });
});
