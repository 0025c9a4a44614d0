import { layout, MemoryFileTree } from '@platter/model';
import { DEMO_AGE_RECIPIENT, exampleFleet } from '../example';
import { parseYamlValues } from '../yaml';
import { render } from './render';

// The root Kustomization decrypts (Platter's spec.decryption patch) only where the env has
// age recipients or secrets: without the sops-age Secret, kustomize-controller fails the whole
// reconciliation, and an env adopted without --age-recipient has none. render writes what
// validate compares (ManagedFieldEdited) and adopt writes the same (envDecrypts).

const patchesOf = (fleet: ReturnType<typeof exampleFleet>, env: string): string[] => {
  const text = render(fleet, new MemoryFileTree()).read(layout.fluxSystemKustomization(env))!;
  const [k] = parseYamlValues(text) as { patches?: { patch: string }[] }[];
  return (k?.patches ?? []).map((p) => (p.patch.includes('/spec/decryption') ? 'decryption' : 'lockdown'));
};

describe('the flux-system decryption patch', () => {
  it.each([
    { name: 'recipients and secrets', recipients: true, secrets: true, lockdown: false, want: ['decryption'] },
    { name: 'recipients, no secret', recipients: true, secrets: false, lockdown: false, want: ['decryption'] },
    { name: 'neither (adopted without --age-recipient)', recipients: false, secrets: false, lockdown: false, want: [] },
    {
      name: 'neither, under lockdown',
      recipients: false,
      secrets: false,
      lockdown: true,
      want: ['lockdown', 'lockdown', 'lockdown', 'lockdown'],
    },
  ])('$name: $want', ({ recipients, secrets, lockdown, want }) => {
    const base = exampleFleet(DEMO_AGE_RECIPIENT);
    const env = base.environments[0]!;
    const fleet = {
      ...base,
      settings: { ...base.settings, lockdown },
      environments: base.environments.map((e) =>
        e === env ? { ...e, ageRecipients: recipients ? e.ageRecipients : [], secrets: secrets ? e.secrets : [] } : e,
      ),
    };
    expect(env.ageRecipients.length).toBeGreaterThan(0);
    if (secrets) expect(env.secrets.length).toBeGreaterThan(0);
    expect(patchesOf(fleet, env.name)).toEqual(want);
  });
});
