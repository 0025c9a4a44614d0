import fs from 'node:fs';
import path from 'node:path';
import { cli, DEMO_RECIPIENT, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

/** Issue 22 item 9 (low): each case exits with a typed error and writes nothing. */
jest.setTimeout(60_000);
afterAll(removeTempDirs);

describe('issue 22 item 9', () => {
  it.each<[string, string[], string, string]>([
    [
      'removing an env that does not exist (was "nothing to change", exit 0)',
      ['env', 'remove', 'nope'],
      'AlreadyAbsent',
      '',
    ],
    ['removing an app that does not exist', ['app', 'remove', 'nope'], 'AlreadyAbsent', ''],
    [
      'a sunset that is no date (2027-02-31)',
      ['menu', 'deprecate', 'ingress-nginx', '1.0.0', '--sunset', '2027-02-31'],
      'InvalidRequest',
      '',
    ],
    [
      '--as an unknown tenant',
      [
        'app',
        'add',
        'cart',
        '--tenant',
        'team-a',
        '--chart',
        'oci://ghcr.io/example-org/charts/cart',
        '--stage',
        'staging',
        '--version',
        '0.1.0',
        '--as',
        'team-zz',
      ],
      'UnknownTenant',
      '',
    ],
    [
      'env add into a stage that needs a secret, without --secret',
      [
        'env',
        'add',
        'prod-ap',
        '--stage',
        'prod',
        '--age-recipient',
        DEMO_RECIPIENT,
        '--config',
        'cluster_name=prod-ap',
        '--config',
        'region=ap',
      ],
      'MissingSecretKey',
      '--secret runtime-external-dns',
    ],
  ])('%s (%j) -> exit 1, nothing written', async (_name, argv, code, hint) => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    for (const json of [false, true]) {
      const r = await cli([...argv, '-C', dir, ...(json ? ['--json'] : [])]);
      expect({ code: r.code, first: json ? r.json().error?.code : r.err.split(' ')[0] }).toEqual({
        code: 1,
        first: code,
      });
      if (hint && !json) expect(r.err).toContain(hint);
    }
    expect(readFiles(dir)).toEqual(before);
  });

  it('a real date and a known tenant still work; a removal of what exists lands', async () => {
    const dir = await exampleFleet();
    expect((await cli(['menu', 'deprecate', 'ingress-nginx', '1.0.0', '--sunset', '2027-02-28', '-C', dir])).code).toBe(
      0,
    );
    expect((await cli(['env', 'remove', 'prod-us', '-C', dir])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'envs/prod-us'))).toBe(false);
  });
});
