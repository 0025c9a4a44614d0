import { toYaml } from '../yaml';

/**
 * A well-formed but FAKE SOPS-encrypted Secret file, for tests that check shape
 * only (the planners read names, namespaces, keys and recipients, never values).
 * Its `ENC[...]` values decrypt to nothing: tests that decrypt seal for real
 * (gitops-repo's sealRequest). `plaintext: true` leaves values unencrypted.
 */
export function fakeSealedSecret(options: {
  readonly name: string;
  readonly keys: readonly string[];
  readonly recipients: readonly string[];
  readonly namespace?: string;
  readonly plaintext?: boolean;
  readonly kind?: string;
}): string {
  const enc = (i: number) =>
    `ENC[AES256_GCM,data:ZmFrZS0${i}=,iv:ZmFrZS1pdi0wMDAwMDAwMDAwMDAwMDAwMDA=,tag:ZmFrZS10YWctMDAwMDA=,type:str]`;
  return toYaml({
    apiVersion: 'v1',
    kind: options.kind ?? 'Secret',
    metadata: { name: options.name, namespace: options.namespace ?? 'flux-system' },
    type: 'Opaque',
    stringData: Object.fromEntries(options.keys.map((k, i) => [k, options.plaintext ? `plain-${i}` : enc(i)])),
    sops: {
      age: options.recipients.map((recipient) => ({
        recipient,
        enc: '-----BEGIN AGE ENCRYPTED FILE-----\nZmFrZQ==\n-----END AGE ENCRYPTED FILE-----\n',
      })),
      lastmodified: '2026-11-27T12:00:00Z',
      mac: 'ENC[AES256_GCM,data:ZmFrZS1tYWM=,iv:ZmFrZS1pdi0wMDAwMDAwMDAwMDAwMDAwMDA=,tag:ZmFrZS10YWctMDAwMDA=,type:str]',
      encrypted_regex: '^(data|stringData)$',
      version: '3.9.0',
    },
  });
}
