import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { isAgeRecipient, isPlatterError } from '@platter/model';
import { encryptSecret, generateAgeIdentity, readSopsMetadata, type SecretToEncrypt } from '..';
import { decryptSopsValue, verifySopsMac } from './testing/verifySopsMac';

// Real keys and real independent readers: an identity from generateAgeIdentity and
// one from the `age-keygen` CLI; values decrypted by the sops-age package and by
// node:crypto with the data key the `age` CLI recovers. Only the MAC check uses
// code of ours (testing/verifySopsMac.ts, which says why it is not independent).

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const NOW = new Date('2024-05-01T10:20:30.456Z');

const PLAIN = {
  password: 'Pa55-w0rd-only-in-plaintext!',
  cert: '-----BEGIN CERTIFICATE-----\nMIIB-unique-cert-body\n-----END CERTIFICATE-----\n',
  config: 'user: admin\npassword: hunter2-distinct\n',
  token: 'tok-0123456789-abcdef',
};
const SECRET: SecretToEncrypt = {
  name: 'db-credentials',
  namespace: 'payments',
  labels: { 'app.kubernetes.io/name': 'payments', tier: 'yes' },
  data: { password: b64(PLAIN.password), 'tls.crt': b64(PLAIN.cert) },
  stringData: { token: PLAIN.token, 'config.yaml': PLAIN.config },
};

let dir: string;
let js: { identity: string; recipient: string; keyFile: string };
let cli: { identity: string; recipient: string; keyFile: string };
let text: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'platter-sops-'));
  const generated = await generateAgeIdentity();
  js = { ...generated, keyFile: join(dir, 'js.key') };
  writeFileSync(js.keyFile, `${generated.identity}\n`, { mode: 0o600 });
  const cliKeyFile = join(dir, 'cli.key');
  execFileSync('age-keygen', ['-o', cliKeyFile], { stdio: 'pipe' });
  const keyText = readFileSync(cliKeyFile, 'utf8');
  cli = {
    identity: /^AGE-SECRET-KEY-1\S+$/m.exec(keyText)![0],
    recipient: /^# public key: (age1\S+)$/m.exec(keyText)![1]!,
    keyFile: cliKeyFile,
  };
  text = await encryptSecret(SECRET, [js.recipient, cli.recipient], { now: NOW });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The data key, recovered from `sops.age[i].enc` by the Debian `age` CLI. */
function dataKeyFromAgeCli(file: string, keyFile: string, entry: number): Buffer {
  const enc = (parseDocument(file).toJS() as { sops: { age: { enc: string }[] } }).sops.age[entry]!.enc;
  const encFile = join(dir, `enc-${entry}.age`);
  writeFileSync(encFile, enc);
  return execFileSync('age', ['--decrypt', '--identity', keyFile, encFile]);
}

/** Edits a copy of the file through the YAML document API. */
function edit(file: string, change: (doc: Document) => void): string {
  const doc = parseDocument(file);
  change(doc);
  return doc.toString({ lineWidth: 0 });
}

describe('encryptSecret: read back by independent code', () => {
  it.each([
    ['generateAgeIdentity', () => js.identity],
    ['age-keygen', () => cli.identity],
  ])('sops-age decrypts every value with the %s identity', async (_name, identity) => {
    const { decryptSops } = await import('sops-age');
    const decrypted = await decryptSops(text, { secretKey: identity(), fileType: 'yaml' });
    expect(decrypted).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-credentials',
        namespace: 'payments',
        labels: { 'app.kubernetes.io/name': 'payments', tier: 'yes' },
      },
      type: 'Opaque',
      data: { password: b64(PLAIN.password), 'tls.crt': b64(PLAIN.cert) },
      stringData: { 'config.yaml': PLAIN.config, token: PLAIN.token },
    });
  });

  it.each([
    ['generateAgeIdentity', 0, () => js.keyFile],
    ['age-keygen', 1, () => cli.keyFile],
  ])(
    'the age CLI recovers the 32-byte data key (%s identity) and it decrypts the values (AES-256-GCM, node:crypto)',
    (_name, entry, keyFile) => {
      const key = dataKeyFromAgeCli(text, keyFile(), entry);
      expect(key).toHaveLength(32);
      const doc = parseDocument(text).toJS() as { data: Record<string, string>; stringData: Record<string, string> };
      expect(decryptSopsValue(doc.data.password!, key, 'data:password:')).toBe(b64(PLAIN.password));
      expect(decryptSopsValue(doc.data['tls.crt']!, key, 'data:tls.crt:')).toBe(b64(PLAIN.cert));
      expect(decryptSopsValue(doc.stringData['config.yaml']!, key, 'stringData:config.yaml:')).toBe(PLAIN.config);
      expect(decryptSopsValue(doc.stringData.token!, key, 'stringData:token:')).toBe(PLAIN.token);
      // The additional data is the value's path: under another path the tag fails.
      expect(() => decryptSopsValue(doc.data.password!, key, 'data:tls.crt:')).toThrow();
    },
  );

  it('the other recipient cannot be decrypted with the wrong identity', () => {
    expect(() => dataKeyFromAgeCli(text, cli.keyFile, 0)).toThrow();
  });
});

describe('encryptSecret: MAC (test-only verifier, see its doc comment)', () => {
  let key: Buffer;
  beforeAll(() => {
    key = dataKeyFromAgeCli(text, cli.keyFile, 1);
  });

  it('verifies, and the stored MAC is SHA-512 as upper-case hex', () => {
    const check = verifySopsMac(text, key);
    expect(check.valid).toBe(true);
    expect(check.stored).toMatch(/^[0-9A-F]{128}$/);
  });

  it('a tampered ciphertext fails decryption (GCM tag)', () => {
    const tampered = edit(text, (doc) => {
      const value = doc.getIn(['data', 'password']) as string;
      const data = /data:([^,]+),/.exec(value)![1]!;
      const bytes = Buffer.from(data, 'base64');
      bytes[0] ^= 1;
      doc.setIn(['data', 'password'], value.replace(data, bytes.toString('base64')));
    });
    expect(() => verifySopsMac(tampered, key)).toThrow();
  });

  it('a value moved to another key fails decryption (its path is the additional data)', () => {
    const moved = edit(text, (doc) => {
      const a = doc.getIn(['data', 'password']);
      doc.setIn(['data', 'password'], doc.getIn(['data', 'tls.crt']));
      doc.setIn(['data', 'tls.crt'], a);
    });
    expect(() => verifySopsMac(moved, key)).toThrow();
  });

  it('reordered entries decrypt but fail the MAC (it covers value order)', () => {
    const reordered = edit(text, (doc) => {
      const data = doc.get('data') as { items: unknown[] };
      data.items.reverse();
    });
    expect(() => readSopsMetadata(reordered)).not.toThrow();
    expect(verifySopsMac(reordered, key).valid).toBe(false);
  });

  it('an edited readable value fails the MAC (it covers every value, not only encrypted ones)', () => {
    const moved = edit(text, (doc) => doc.setIn(['metadata', 'namespace'], 'attacker'));
    expect(verifySopsMac(moved, key).valid).toBe(false);
  });

  it('an edited lastmodified fails (it is the MAC ciphertext’s additional data)', () => {
    const later = edit(text, (doc) => doc.setIn(['sops', 'lastmodified'], '2024-05-01T10:20:31Z'));
    expect(() => verifySopsMac(later, key)).toThrow();
  });
});

describe('encryptSecret: the file', () => {
  it('has sops 3.9’s layout: readable Secret, ENC values, then the sops block', () => {
    const masked = text
      .replace(
        /ENC\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:str\]/g,
        'ENC[…]',
      )
      .replace(
        /-----BEGIN AGE ENCRYPTED FILE-----\n(?:\s+[A-Za-z0-9+/=]{1,64}\n)+\s+-----END AGE ENCRYPTED FILE-----/g,
        '<armored data key>',
      )
      .replaceAll(js.recipient, '<js recipient>')
      .replaceAll(cli.recipient, '<cli recipient>');
    expect(masked).toBe(`apiVersion: v1
kind: Secret
metadata:
    name: db-credentials
    namespace: payments
    labels:
        app.kubernetes.io/name: payments
        tier: "yes"
type: Opaque
data:
    password: ENC[…]
    tls.crt: ENC[…]
stringData:
    config.yaml: ENC[…]
    token: ENC[…]
sops:
    kms: []
    gcp_kms: []
    azure_kv: []
    hc_vault: []
    age:
        - recipient: <js recipient>
          enc: |
              <armored data key>
        - recipient: <cli recipient>
          enc: |
              <armored data key>
    lastmodified: "2024-05-01T10:20:30Z"
    mac: ENC[…]
    pgp: []
    encrypted_regex: ^(data|stringData)$
    version: 3.9.4
`);
  });

  it('each value has a 32-byte IV, a 16-byte tag and the plaintext’s length', () => {
    const doc = parseDocument(text).toJS() as { data: Record<string, string> };
    const m = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:str\]$/.exec(doc.data.password!)!;
    expect(Buffer.from(m[1]!, 'base64')).toHaveLength(b64(PLAIN.password).length);
    expect(Buffer.from(m[2]!, 'base64')).toHaveLength(32);
    expect(Buffer.from(m[3]!, 'base64')).toHaveLength(16);
  });

  it('never contains a plaintext value or the data key', () => {
    const key = dataKeyFromAgeCli(text, js.keyFile, 0);
    const needles = [
      ...Object.values(PLAIN),
      ...PLAIN.config.split('\n').filter(Boolean),
      b64(PLAIN.password),
      b64(PLAIN.cert),
      'hunter2',
      key.toString('base64'),
      key.toString('hex'),
    ];
    for (const needle of needles) expect(text).not.toContain(needle);
  });

  it('uses a fresh data key and IVs each time; the readable part is the same', async () => {
    const again = await encryptSecret(SECRET, [js.recipient, cli.recipient], { now: NOW });
    expect(again).not.toBe(text);
    const readable = (t: string) => {
      const { sops: _s, data: _d, stringData: _sd, ...rest } = parseDocument(t).toJS();
      return rest;
    };
    expect(readable(again)).toEqual(readable(text));
  });

  it('keeps empty values empty (as sops does) and encrypts a label named "data" (sops tests every key of the path)', async () => {
    const file = await encryptSecret(
      { name: 'quirks', namespace: 'payments', labels: { data: 'label-value-7' }, stringData: { empty: '', one: '1' } },
      [js.recipient],
      { now: NOW },
    );
    const doc = parseDocument(file).toJS();
    expect(doc.stringData.empty).toBe('');
    expect(doc.metadata.labels.data).toMatch(/^ENC\[AES256_GCM,/);
    const { decryptSops } = await import('sops-age');
    const decrypted = await decryptSops(file, { secretKey: js.identity, fileType: 'yaml' });
    expect(decrypted.metadata.labels.data).toBe('label-value-7');
    expect(decrypted.stringData).toEqual({ empty: '', one: '1' });
    expect(verifySopsMac(file, dataKeyFromAgeCli(file, js.keyFile, 0)).valid).toBe(true);
  });

  it('quotes readable strings and keys that a YAML 1.1 or 1.2 reader would retype (the MAC hashes what sops reads)', async () => {
    const tricky = ['0o17', '1e3', '0x1F', '1:20', 'yes', '~', '1.10', '<<', 'null', 'True', '=', '2001-12-14'];
    const labels = Object.fromEntries(tricky.map((v, i) => [`l${i}`, v]));
    const keys = ['0o17', '1e3', '0x1F', '1.10', 'yes', 'null', 'True', '1_000'];
    const stringData = Object.fromEntries(keys.map((k) => [k, `v-${k}`]));
    const file = await encryptSecret({ name: '1e3', namespace: '0o17', labels, stringData }, [js.recipient], {
      now: NOW,
    });
    for (const version of ['1.1', '1.2'] as const) {
      const doc = parseDocument(file, { version }).toJS();
      expect(doc.metadata).toEqual({ name: '1e3', namespace: '0o17', labels });
      expect(Object.keys(doc.stringData).sort()).toEqual([...keys].sort());
    }
    expect(verifySopsMac(file, dataKeyFromAgeCli(file, js.keyFile, 0)).valid).toBe(true);
    const { decryptSops } = await import('sops-age');
    expect((await decryptSops(file, { secretKey: js.identity, fileType: 'yaml' })).stringData).toEqual(stringData);
  });

  it('writes each recipient once', async () => {
    const file = await encryptSecret(
      { name: 'x', namespace: 'y', stringData: { a: 'b' } },
      [js.recipient, js.recipient],
      { now: NOW },
    );
    expect(readSopsMetadata(file).recipients).toEqual([js.recipient]);
  });
});

describe('encryptSecret: rejects', () => {
  const ok: SecretToEncrypt = { name: 'db', namespace: 'payments', stringData: { a: 'b' } };
  it.each([
    ['no recipients', ok, [], 'MissingRecipients'],
    ['a post-quantum recipient sops 3.9 cannot use', ok, ['age1pq1' + 'q'.repeat(60)], 'InvalidEncryption'],
    ['an ssh key', ok, ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE'], 'InvalidEncryption'],
    ['an invalid secret name', { ...ok, name: 'DB_Credentials' }, null, 'InvalidName'],
    ['an invalid namespace', { ...ok, namespace: 'Payments' }, null, 'InvalidName'],
    ['data that is not base64', { ...ok, data: { p: 'not base64!' } }, null, 'InvalidManifest'],
    ['a key in data and stringData', { ...ok, data: { a: b64('x') } }, null, 'InvalidManifest'],
    ['an invalid key', { ...ok, stringData: { 'a/b': 'x' } }, null, 'InvalidManifest'],
  ] as const)('%s', async (_name, secret, recipients, code) => {
    const error = await encryptSecret(secret, recipients ?? [js.recipient]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPlatterError(error) && error.code).toBe(code);
  });

  it('generateAgeIdentity gives an X25519 pair the age CLI accepts', async () => {
    const pair = await generateAgeIdentity();
    expect(pair.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(isAgeRecipient(pair.recipient)).toBe(true);
    const keyFile = join(dir, 'pair.key');
    writeFileSync(keyFile, `${pair.identity}\n`, { mode: 0o600 });
    expect(execFileSync('age-keygen', ['-y', keyFile]).toString().trim()).toBe(pair.recipient);
  });
});
