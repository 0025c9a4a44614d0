import fs from 'node:fs';
import path from 'node:path';
import { CLI_VERSION, PIPELINE_FILE, renderPipeline } from '../ci/pipelines';
import { cli, removeTempDirs, tempDir } from '../internal/testCli';

// `platter init --ci github|gitlab`: the fleet and its pipeline (pipelines.test.ts validates the pipeline itself).
afterAll(removeTempDirs);

describe('platter init --ci', () => {
  it.each(['github', 'gitlab'] as const)(
    '--ci %s writes the pipeline next to the fleet, which stays valid',
    async (host) => {
      const dir = path.join(tempDir(), 'fleet');
      const r = await cli(['init', dir, '--ci', host]);
      expect(r.code).toBe(0);
      expect(fs.readFileSync(path.join(dir, PIPELINE_FILE[host]), 'utf8')).toBe(
        renderPipeline(host, { branch: 'main', cliVersion: CLI_VERSION }),
      );
      expect((await cli(['validate', dir])).code).toBe(0);
      // Its own output: init --force may write it again.
      expect((await cli(['init', dir, '--force', '--ci', host])).code).toBe(0);
    },
  );

  it('an unknown host is a usage error that writes nothing', async () => {
    const dir = path.join(tempDir(), 'fleet');
    const r = await cli(['init', dir, '--ci', 'jenkins']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--ci jenkins: use github or gitlab');
    expect(fs.existsSync(dir)).toBe(false);
  });
});
