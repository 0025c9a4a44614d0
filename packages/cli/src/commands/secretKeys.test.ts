import fs from 'node:fs';
import fc from 'fast-check';
import { parseAssignments } from '../internal/args';
import { parseSecretLines, secretKeyProblem } from '../internal/secretValues';
import { cli, exampleFleet, readFiles, removeTempDirs } from '../internal/testCli';

/**
 * Issue 22 item 3, "plaintext by accident": a value pasted without `KEY=` never
 * becomes a key (keys are stored in plaintext), and the secret file flags never
 * echo what was typed in place of a path. Item 9: `constructor=`/`__proto__=`.
 */
jest.setTimeout(60_000);
afterAll(removeTempDirs);

const BASE64 = Buffer.from('a database password of some length!').toString('base64'); // ends in "="
const TOKEN = 'ghp_R2d2C3poLuke5kywalker0bi1wan';

describe('plaintext by accident (issue 22 item 3)', () => {
  it('a base64 value pasted without KEY= is refused, and neither its text nor a key made of it is printed', async () => {
    expect(BASE64.endsWith('=')).toBe(true);
    const dir = await exampleFleet();
    const before = readFiles(dir);
    for (const flags of [[], ['--json'], ['--dry-run', '--json']]) {
      const r = await cli(['secret', 'set', 'prod-eu', 'runtime-external-dns', '--rotate', '-C', dir, ...flags], {
        stdin: `${BASE64}\n`,
      });
      expect(r.code).toBe(2);
      const key = BASE64.slice(0, BASE64.indexOf('='));
      expect(r.out + r.err).not.toContain(key);
      expect(r.err).toContain('line 1');
    }
    expect(readFiles(dir)).toEqual(before);
  });

  it.each([
    ['base64 with one pad', `${Buffer.from('abcd').toString('base64')}`],
    ['base64 with two pads', 'c2VjcmV0LXZhbHVlLXdpdGgtcGFk=='],
    ['a token followed by "="', `${TOKEN}=`],
    ['a token as key, a value after it', `${TOKEN}=x`],
    ['a long base64 run as key', `${'QUJD'.repeat(12)}=value`],
    ['a key with a space', 'MY KEY=value'],
    ['a key with a slash', 'a/b=value'],
  ])('parseSecretLines refuses %s without showing it', (_name, line) => {
    let message = '';
    try {
      parseSecretLines(`${line}\n`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^stdin line 1 /);
    expect(message).not.toContain(line.slice(0, Math.max(1, line.indexOf('='))));
  });

  it.each(['EXTERNAL_DNS_API_TOKEN', 'password', 'tls.crt', 'db-password', 'AWS_SECRET_ACCESS_KEY', 'ca.crt'])(
    'a real key name (%s) is a key',
    (key) => {
      expect(parseSecretLines(`${key}=value=with=equals\n`)).toEqual({ [key]: 'value=with=equals' });
    },
  );

  it('property: a random token or base64 value pasted alone never becomes a key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 64 }), (bytes) => {
        const pasted = Buffer.from(bytes).toString('base64');
        let parsed: Record<string, string> | undefined;
        try {
          parsed = parseSecretLines(`${pasted}\n`);
        } catch {
          return; // refused: fine
        }
        // Accepted only when the text reads as KEY=VALUE with a real value: the key is then not most of the value.
        for (const [k, v] of Object.entries(parsed)) expect(secretKeyProblem(k, v)).toBeUndefined();
        expect(Object.values(parsed).join('')).not.toMatch(/^=*$/);
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('--from-file and --secret-file never echo what was typed where the path goes', async () => {
    const dir = await exampleFleet();
    const secretText = 'hunter2-typed-as-a-path';
    for (const argv of [
      ['secret', 'set', 'prod-eu', 'webhook', '--from-file', `WEBHOOK_TOKEN=${secretText}`, '-C', dir],
      ['secret', 'set', 'prod-eu', 'webhook', '--from-file', secretText, '-C', dir],
      [
        'env',
        'add',
        'prod-ap',
        '--stage',
        'prod',
        '--age-recipient',
        'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t',
        '--config',
        'cluster_name=prod-ap',
        '--secret-file',
        `runtime-external-dns:EXTERNAL_DNS_API_TOKEN=${secretText}`,
        '-C',
        dir,
      ],
      [
        'env',
        'add',
        'prod-ap',
        '--stage',
        'prod',
        '--age-recipient',
        'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t',
        '--config',
        'cluster_name=prod-ap',
        '--secret-file',
        secretText,
        '-C',
        dir,
      ],
    ]) {
      const r = await cli(argv);
      expect({ argv: argv.slice(0, 3), code: r.code }).toEqual({ argv: argv.slice(0, 3), code: 2 });
      expect(r.out + r.err).not.toContain(secretText);
    }
    expect(fs.existsSync(`${dir}/envs/prod-ap`)).toBe(false);
  });
});

describe('constructor= and __proto__= keys (issue 22 item 9)', () => {
  it('constructor is a key like any other; __proto__ is refused with its own message, not "given twice"', () => {
    expect(parseAssignments(['constructor=a', 'toString=b'], '--config')).toEqual({ constructor: 'a', toString: 'b' });
    expect(Object.keys(parseAssignments(['constructor=a'], '--config'))).toEqual(['constructor']);
    expect(() => parseAssignments(['__proto__=a'], '--config')).toThrow(/"__proto__" cannot be a key/);
    expect(parseSecretLines('constructor=a\nhasOwnProperty=b\n')).toEqual({ constructor: 'a', hasOwnProperty: 'b' });
  });

  it('config set constructor=x lands the key', async () => {
    const dir = await exampleFleet();
    const r = await cli(['config', 'set', 'constructor=x', '--env', 'prod-eu', '-C', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(`${dir}/envs/prod-eu/env-config.yaml`, 'utf8')).toContain('constructor: x');
  });
});
