import fs from 'node:fs';
import path from 'node:path';
import {
  changedFiles,
  cli,
  DEMO_RECIPIENT,
  exampleFleet,
  readFiles,
  removeTempDirs,
  tempDir,
} from '../internal/testCli';

// The plaintext of a secret is never printed: not in the text output, not in
// --json, not in error messages, and never written unencrypted (issue 3).
jest.setTimeout(60_000);
afterAll(removeTempDirs);

const VALUE = 'pl41ntext-S3CRET-value';

/** Every way a value could leak out of one run. */
function expectNoLeak(r: { out: string; err: string }) {
  expect(r.out).not.toContain(VALUE);
  expect(r.err).not.toContain(VALUE);
}

describe('secret set', () => {
  it.each([
    ['--dry-run', ['--dry-run']],
    ['--dry-run --json', ['--dry-run', '--json']],
    ['write', []],
    ['write --json', ['--json']],
  ])('never prints the value (%s)', async (_name, flags) => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli(['secret', 'set', 'prod-eu', 'runtime-external-dns', '--rotate', dir, ...flags], {
      stdin: `# the dns token\nEXTERNAL_DNS_API_TOKEN=${VALUE}\n`,
    });
    expect(r.code).toBe(0);
    expectNoLeak(r);
    if (flags.includes('--json')) {
      const p = r.json();
      expect(p.request.secret).toEqual({ name: 'runtime-external-dns', keys: ['EXTERNAL_DNS_API_TOKEN'] });
      expect(JSON.stringify(p)).not.toContain(VALUE);
    }
    const after = readFiles(dir);
    if (flags.includes('--dry-run')) expect(after).toEqual(before);
    else
      expect(changedFiles(before, after)).toEqual(['modify envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted']);
    for (const text of after.values()) expect(text).not.toContain(VALUE);
  });

  it('reads a key from a file (--from-file KEY=path) and never prints it', async () => {
    const dir = await exampleFleet();
    const file = path.join(tempDir(), 'token.txt');
    fs.writeFileSync(file, VALUE);
    const r = await cli([
      'secret',
      'set',
      'prod-eu',
      'webhook',
      '--from-file',
      `WEBHOOK_TOKEN=${file}`,
      '-C',
      dir,
      '--json',
    ]);
    expect(r.code).toBe(0);
    expectNoLeak(r);
    expect(r.json().changes.map((c: { path: string }) => c.path)).toEqual([
      'envs/prod-eu/kustomization.yaml',
      'envs/prod-eu/secrets/webhook.yaml.encrypted',
    ]);
    expect(fs.readFileSync(path.join(dir, 'envs/prod-eu/secrets/webhook.yaml.encrypted'), 'utf8')).not.toContain(VALUE);
  });

  it.each([
    ['a --value flag', ['--value', VALUE]],
    ['a --value= flag', [`--value=${VALUE}`]],
    ['kubectl --from-literal', ['--from-literal', `TOKEN=${VALUE}`]],
    ['a KEY=VALUE operand', [`TOKEN=${VALUE}`]],
  ])('refuses %s (exit 2, value not echoed, nothing written)', async (_name, extra) => {
    const dir = await exampleFleet();
    const before = readFiles(dir);
    const r = await cli(['secret', 'set', 'prod-eu', 'runtime-external-dns', ...extra, '-C', dir], { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/never taken from the command line/);
    expectNoLeak(r);
    expect(readFiles(dir)).toEqual(before);
  });

  it.each([
    ['a line without =', `${VALUE}\n`, /line 1 is not KEY=VALUE/],
    ['nothing on stdin', '\n# only a comment\n', /no values/],
  ])('rejects %s on stdin without echoing it', async (_name, stdin, message) => {
    const dir = await exampleFleet();
    const r = await cli(['secret', 'set', 'prod-eu', 'runtime-external-dns', '-C', dir], { stdin });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expectNoLeak(r);
  });

  it('an unknown env is rejected with its code', async () => {
    const dir = await exampleFleet();
    const r = await cli(['secret', 'set', 'prod-xx', 'runtime-external-dns', '-C', dir], { stdin: `K=${VALUE}\n` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^UnknownEnvironment /m);
    expectNoLeak(r);
  });
});

describe('env add --secret', () => {
  it('encrypts the secret from stdin and never prints it', async () => {
    const dir = await exampleFleet();
    const argv = [
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
      'region=ap-southeast-1',
      '--secret',
      'runtime-external-dns',
      '-C',
      dir,
    ];
    const stdin = `EXTERNAL_DNS_API_TOKEN=${VALUE}\n`;
    for (const flags of [['--dry-run'], ['--dry-run', '--json'], ['--json']]) {
      const r = await cli([...argv, ...flags], { stdin });
      expect(r.code).toBe(0);
      expectNoLeak(r);
    }
    for (const text of readFiles(dir).values()) expect(text).not.toContain(VALUE);
    expect(readFiles(dir).has('envs/prod-ap/secrets/runtime-external-dns.yaml.encrypted')).toBe(true);
  });

  it('refuses a secret value as a flag', async () => {
    const dir = await exampleFleet();
    const r = await cli([
      'env',
      'add',
      'prod-ap',
      '--stage',
      'prod',
      '--age-recipient',
      DEMO_RECIPIENT,
      `--from-literal=TOKEN=${VALUE}`,
      '-C',
      dir,
    ]);
    expect(r.code).toBe(2);
    expectNoLeak(r);
  });
});
