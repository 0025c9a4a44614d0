import { isPlatterError } from '@platter/model';
import { renderChanges } from '../../render';
import { DEMO_AGE_RECIPIENT, EXAMPLE_SECRET_FILES } from '../../example';
import { fakeSealedSecret, RepoHarness, rejection } from '../../testing';

const OTHER_RECIPIENT = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';
const sealed = (name: string, keys: string[], patch: Partial<Parameters<typeof fakeSealedSecret>[0]> = {}) => ({
  name,
  keys,
  sealed: fakeSealedSecret({ name, keys, recipients: [DEMO_AGE_RECIPIENT], ...patch }),
});
const setDb = { kind: 'SetSecret', env: 'prod-eu', secret: sealed('shop-db', ['PASSWORD', 'USER']) };
const setDns = (keys: string[], rotate = false, patch = {}) => ({
  kind: 'SetSecret',
  env: 'prod-eu',
  rotate,
  secret: sealed('runtime-external-dns', keys, patch),
});
const DNS = 'envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted';

describe('planSetSecret', () => {
  it('a new secret adds its encrypted file, as sealed, and lists it in the env kustomization', () => {
    const h = RepoHarness.example();
    const p = h.plan(setDb);
    expect(RepoHarness.changed(p)).toEqual([
      'modify envs/prod-eu/kustomization.yaml',
      'add envs/prod-eu/secrets/shop-db.yaml.encrypted',
    ]);
    expect(p.changes[1]!.after).toBe(setDb.secret.sealed);
    expect(p.diff).toContain('+  - secrets/shop-db.yaml.encrypted');
    expect(p.review).toBe('direct');
    expect(p.affected).toEqual({ stages: [], environments: ['prod-eu'] });
    expect(p.request).toEqual({
      kind: 'SetSecret',
      env: 'prod-eu',
      rotate: false,
      secret: { name: 'shop-db', keys: ['PASSWORD', 'USER'] },
    });
  });

  it('is empty when re-applied and leaves a valid repository', () => {
    const h = RepoHarness.example();
    h.apply(setDb);
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]); // what a full render of the result gives
    expect(h.plan(setDb).changes).toEqual([]);
    // Sealed again (new bytes), same keys, no rotation: still nothing to do.
    expect(
      h.plan({ ...setDb, secret: sealed('shop-db', ['USER', 'PASSWORD'], { namespace: 'flux-system' }) }).changes,
    ).toEqual([]);
  });

  it.each([
    ['same keys, no rotation: nothing to do', setDns(['EXTERNAL_DNS_API_TOKEN']), []],
    ['same keys, rotate: replaces the file', setDns(['EXTERNAL_DNS_API_TOKEN'], true), [`modify ${DNS}`]],
    ['other keys: replaces the file', setDns(['EXTERNAL_DNS_API_TOKEN', 'EXTERNAL_DNS_ZONE_ID']), [`modify ${DNS}`]],
    [
      're-applying the exact rotation: nothing to do',
      { ...setDns([], true), secret: { name: 'runtime-external-dns', sealed: EXAMPLE_SECRET_FILES[DNS] } },
      [],
    ],
  ])('an existing secret, %s', (_name, request, changed) => {
    const h = RepoHarness.example();
    const p = h.apply(request);
    expect(RepoHarness.changed(p)).toEqual(changed);
    expect(h.validate()).toEqual([]);
    expect(h.plan(request).changes).toEqual([]);
  });

  it('replacing a secret with one that lacks a required key lists it in needsSecrets, not rejected', () => {
    const h = RepoHarness.example();
    const p = h.plan(setDns(['CF_TOKEN']));
    expect(RepoHarness.changed(p)).toEqual([`modify ${DNS}`]);
    expect(p.needsSecrets).toEqual([{ env: 'prod-eu', secret: 'runtime-external-dns', key: 'EXTERNAL_DNS_API_TOKEN' }]);
  });

  it('refuses plaintext: NotEncrypted, and the value appears in no error', () => {
    const h = RepoHarness.example();
    const request = {
      kind: 'SetSecret',
      env: 'prod-eu',
      secret: { name: 'shop-db', values: { PASSWORD: 'hunter2-plaintext' } },
    };
    let error: unknown;
    try {
      h.plan(request);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'NotEncrypted')).toBe(true);
    expect(JSON.stringify(error) + String(error)).not.toContain('hunter2-plaintext');
  });

  it('a sealed plan carries no plaintext (the request is redacted, the file is ciphertext)', () => {
    const h = RepoHarness.example();
    const p = h.plan(setDb);
    const text = JSON.stringify(p);
    expect(text).not.toContain('plain-');
    expect(text).not.toContain('sealed');
    expect(p.diff).toContain('ENC[AES256_GCM,');
  });

  it.each([
    ['unknown env', 'UnknownEnvironment', { env: 'prod-ap' }],
    ['invalid secret name', 'InvalidName', { secret: sealed('Shop_DB', ['PASSWORD']) }],
    ['a path in the secret name', 'InvalidName', { secret: sealed('../../x', ['PASSWORD']) }],
    [
      'plaintext values in the sealed file',
      'NotEncrypted',
      { secret: sealed('shop-db', ['PASSWORD'], { plaintext: true }) },
    ],
    [
      'a sealed file of another secret',
      'InvalidManifest',
      { secret: { ...sealed('other', ['PASSWORD']), name: 'shop-db' } },
    ],
    [
      'a sealed file that is no Secret',
      'InvalidManifest',
      { secret: sealed('shop-db', ['PASSWORD'], { kind: 'ConfigMap' }) },
    ],
    [
      'a namespace that differs from the file',
      'InvalidManifest',
      { secret: { ...sealed('shop-db', ['PASSWORD']), namespace: 'team-a' } },
    ],
    [
      'keys that differ from the file',
      'InvalidManifest',
      { secret: { ...sealed('shop-db', ['PASSWORD']), keys: ['TOKEN'] } },
    ],
    ['a secret without keys', 'InvalidManifest', { secret: sealed('shop-db', []) }],
    [
      'not sealed to the env',
      'InvalidEncryption',
      { secret: sealed('shop-db', ['PASSWORD'], { recipients: [OTHER_RECIPIENT] }) },
    ],
    ['neither values nor a sealed file', 'InvalidRequest', { secret: { name: 'shop-db', keys: ['PASSWORD'] } }],
  ])('%s -> %s, tree unchanged', (_name, code, patch) => {
    const h = RepoHarness.example();
    expect(rejection(h, { ...setDb, ...patch }).code).toBe(code);
  });

  it('an env without age recipients cannot take a secret: MissingRecipients', () => {
    const h = RepoHarness.example().editYaml('platter.yaml', (p) => {
      for (const e of p.spec.environments) if (e.name === 'prod-eu') delete e.ageRecipients;
    });
    expect(rejection(h, setDb).code).toBe('MissingRecipients');
  });

  it('a tenant may ask, but env secrets need platform review', () => {
    const h = RepoHarness.example();
    expect(h.plan(setDb, { kind: 'tenant', tenant: 'team-a' }).review).toBe('platform-review');
  });
});
