import { isPlatterError, parseRequest, type FileChange } from '@platter/model';
import { DEMO_AGE_RECIPIENT, plan, type Plan } from '@platter/render';
import { DEMO_ONLY_AGE_IDENTITY, RepoHarness, TEST_NOW } from '@platter/render/testing';
import { sealRequest } from './sealRequest';

// End to end, with real encryption: plaintext -> sealRequest (SOPS/age, this
// package) -> plan (render: checks the sealed file, never sees a value) -> the
// file in the plan decrypted by independent code (the sops-age package) with the
// demo identity. The plan itself must carry no plaintext anywhere.

const PLAIN = { EXTERNAL_DNS_API_TOKEN: 'tok-only-in-plaintext-7f3a', EXTRA_NOTE: 'second-plaintext-value-91c2' };

async function decrypt(text: string): Promise<Record<string, unknown>> {
  const { decryptSops } = await import('sops-age');
  return (await decryptSops(text, { secretKey: DEMO_ONLY_AGE_IDENTITY, fileType: 'yaml' })) as Record<string, unknown>;
}

function expectNoPlaintext(p: Plan): void {
  const everything =
    JSON.stringify(p) + p.diff + p.changes.map((c: FileChange) => `${c.before ?? ''}${c.after ?? ''}`).join('');
  for (const value of Object.values(PLAIN)) expect(everything).not.toContain(value);
}

describe('sealRequest -> plan -> decrypt', () => {
  it('SetSecret: sealed to the env recipients from platter.yaml; the planned file decrypts to the values', async () => {
    const h = RepoHarness.example();
    const request = parseRequest({
      kind: 'SetSecret',
      env: 'prod-eu',
      rotate: true,
      secret: { name: 'runtime-external-dns', values: PLAIN },
    });
    const sealed = await sealRequest(h.tree, request, { now: TEST_NOW });
    expect(sealed).toMatchObject({
      secret: { name: 'runtime-external-dns', keys: ['EXTERNAL_DNS_API_TOKEN', 'EXTRA_NOTE'] },
    });
    expect(JSON.stringify(sealed)).not.toContain(PLAIN.EXTERNAL_DNS_API_TOKEN);

    const p = plan(h.tree, sealed, { now: TEST_NOW });
    expect(p.changes.map((c) => `${c.op} ${c.path}`)).toEqual([
      'modify envs/prod-eu/secrets/runtime-external-dns.yaml.encrypted',
    ]);
    expectNoPlaintext(p);
    const file = p.changes[0]!.after!;
    expect(file).toContain(`recipient: ${DEMO_AGE_RECIPIENT}`);
    expect(await decrypt(file)).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'runtime-external-dns', namespace: 'flux-system' },
      stringData: PLAIN,
    });

    h.tree.apply(p.changes);
    expect(h.validate()).toEqual([]);
  });

  it('CreateEnvironment: sealed to the recipients the request names; the env is complete (nothing in needsSecrets)', async () => {
    const h = RepoHarness.example();
    const request = parseRequest({
      kind: 'CreateEnvironment',
      name: 'staging-us',
      stage: 'staging',
      owner: 'group:default/platform-team',
      ageRecipients: [DEMO_AGE_RECIPIENT],
      config: { cluster_name: 'staging-us', region: 'us-east-1' },
      secrets: [{ name: 'runtime-external-dns', values: PLAIN }],
    });
    const sealed = await sealRequest(h.tree, request, { now: TEST_NOW });
    const p = plan(h.tree, sealed, { now: TEST_NOW });
    expect(p.needsSecrets).toEqual([]);
    expectNoPlaintext(p);
    const file = p.changes.find((c) => c.path === 'envs/staging-us/secrets/runtime-external-dns.yaml.encrypted')?.after;
    expect(file).toBeDefined();
    expect(await decrypt(file!)).toMatchObject({ stringData: PLAIN });

    h.tree.apply(p.changes);
    expect(h.validate()).toEqual([]);
    // Sealed again (new data key, new bytes): the applied request still plans empty.
    expect(plan(h.tree, await sealRequest(h.tree, request, { now: TEST_NOW }), { now: TEST_NOW }).changes).toEqual([]);
  });

  it('plan refuses a request that was not sealed: NotEncrypted, without echoing the value', () => {
    const h = RepoHarness.example();
    let error: unknown;
    try {
      plan(
        h.tree,
        parseRequest({ kind: 'SetSecret', env: 'prod-eu', secret: { name: 'runtime-external-dns', values: PLAIN } }),
        { now: TEST_NOW },
      );
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'NotEncrypted')).toBe(true);
    expect(JSON.stringify(error) + String(error)).not.toContain(PLAIN.EXTERNAL_DNS_API_TOKEN);
  });

  it('sealing for an env platter.yaml does not declare: UnknownEnvironment', async () => {
    const h = RepoHarness.example();
    await expect(
      sealRequest(h.tree, parseRequest({ kind: 'SetSecret', env: 'prod-ap', secret: { name: 'x', values: PLAIN } })),
    ).rejects.toMatchObject({ code: 'UnknownEnvironment' });
  });
});
