import { parseDocument } from 'yaml';
import { isPlatterError } from '@platter/model';
import { encryptSecret, generateAgeIdentity, isSopsEncrypted, readSopsMetadata } from '..';

const NOW = new Date('2024-05-01T10:20:30Z');
let recipients: string[];
let encrypted: string;

beforeAll(async () => {
  recipients = [(await generateAgeIdentity()).recipient, (await generateAgeIdentity()).recipient];
  encrypted = await encryptSecret(
    {
      name: 'db-credentials',
      namespace: 'payments',
      data: { password: Buffer.from('pw').toString('base64'), '1': 'MQ==' },
      stringData: { token: 'abc', empty: '' },
    },
    recipients,
    { now: NOW },
  );
});

const PLAIN_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: payments
stringData:
  token: abc
`;

/** A minimal hand-written SOPS file around `body`, with the given `sops:` lines. */
const sopsFile = (body: string, sops: string) => `${body}sops:\n${sops}`;
const AGE = `    age:
        - recipient: age1first
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            -----END AGE ENCRYPTED FILE-----
`;
const ENC = 'ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]';

describe('readSopsMetadata', () => {
  it('reads what a file tells without keys', () => {
    expect(readSopsMetadata(encrypted)).toEqual({
      encrypted: true,
      recipients,
      kind: 'Secret',
      name: 'db-credentials',
      namespace: 'payments',
      // File order (Secret keys sorted by byte order), "1" included where a JS object would move it.
      keys: { data: ['1', 'password'], stringData: ['empty', 'token'] },
      plaintextPaths: [],
      lastModified: '2024-05-01T10:20:30Z',
      sopsVersion: '3.9.4',
      encryptedRegex: '^(data|stringData)$',
    });
    expect(isSopsEncrypted(encrypted)).toBe(true);
  });

  it('a plain Secret is readable and not encrypted', () => {
    expect(readSopsMetadata(PLAIN_SECRET)).toMatchObject({
      encrypted: false,
      recipients: [],
      name: 'db-credentials',
      keys: { data: [], stringData: ['token'] },
    });
    expect(isSopsEncrypted(PLAIN_SECRET)).toBe(false);
  });

  it('a value edited back to plaintext makes the file not encrypted, and says which', () => {
    const doc = parseDocument(encrypted);
    doc.setIn(['data', 'password'], 'cHc=');
    const edited = doc.toString({ lineWidth: 0 });
    expect(readSopsMetadata(edited)).toMatchObject({ encrypted: false, plaintextPaths: ['data.password'] });
    expect(isSopsEncrypted(edited)).toBe(false);
  });

  it('follows the file’s own rules (unencrypted_suffix) and reads key groups', () => {
    const text = sopsFile(
      `password: ${ENC}\nlist:\n  - ${ENC}\n  - ""\nnote_unencrypted: clear\nnothing: null\n`,
      `    key_groups:\n        - age:\n            - recipient: age1group\n              enc: x\n        - age:\n            - recipient: age1other\n              enc: y\n    lastmodified: "2024-01-01T00:00:00Z"\n    mac: ${ENC}\n    unencrypted_suffix: _unencrypted\n    version: 3.9.4\n`,
    );
    expect(readSopsMetadata(text)).toMatchObject({
      encrypted: true,
      recipients: ['age1group', 'age1other'],
      plaintextPaths: [],
    });
    expect(readSopsMetadata(text.replace(`password: ${ENC}`, 'password: hunter2'))).toMatchObject({
      encrypted: false,
      plaintextPaths: ['password'],
    });
  });

  it.each([
    ['not YAML', 'a: [\n'],
    ['no document', ''],
    ['two documents', `${PLAIN_SECRET}---\n${PLAIN_SECRET}`],
    ['a list', '- a\n'],
    ['sops that is not a mapping', sopsFile(PLAIN_SECRET, '    - x\n')],
    ['no mac', sopsFile(PLAIN_SECRET, `${AGE}    lastmodified: "2024-01-01T00:00:00Z"\n`)],
    ['no lastmodified', sopsFile(PLAIN_SECRET, `${AGE}    mac: ${ENC}\n`)],
    [
      'an age entry without recipient',
      sopsFile(PLAIN_SECRET, `    age:\n        - enc: x\n    lastmodified: "2024-01-01T00:00:00Z"\n    mac: ${ENC}\n`),
    ],
    [
      'comment rules',
      sopsFile(
        PLAIN_SECRET,
        `${AGE}    lastmodified: "2024-01-01T00:00:00Z"\n    mac: ${ENC}\n    encrypted_comment_regex: sops\n`,
      ),
    ],
  ])('%s is InvalidEncryption (isSopsEncrypted: false)', (_name, text) => {
    let error: unknown;
    try {
      readSopsMetadata(text, 'envs/prod/secrets/db.yaml.encrypted');
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'InvalidEncryption')).toBe(true);
    expect((error as { path?: string }).path).toBe('envs/prod/secrets/db.yaml.encrypted');
    expect(isSopsEncrypted(text)).toBe(false);
  });
});
