import { parseRepository } from '../parse';
import { exampleRepository } from '../example';
import { parseYamlValues } from '../yaml';
import { renderSopsConfig } from './renderSettings';

/**
 * .sops.yaml: one creation rule per env that has age recipients, in the order of
 * the fleet's envs. Every plan renders it; what it was last rendered from is
 * kept, so a fleet that differs in one env's recipients (or envs) must never get
 * the text of another.
 */
describe('renderSopsConfig', () => {
  const fleet = parseRepository(exampleRepository()).model!;
  const rulesOf = (text: string) =>
    (parseYamlValues(text)[0] as { creation_rules: { path_regex: string; age: string }[] }).creation_rules.map((r) => [
      r.path_regex,
      r.age,
    ]);
  const withRecipients = (env: string, ageRecipients: string[]) => ({
    ...fleet,
    environments: fleet.environments.map((e) => (e.name === env ? { ...e, ageRecipients } : e)),
  });

  it.each<[string, typeof fleet, (rules: string[][]) => string[][]]>([
    ['the same fleet', fleet, (rules) => rules],
    [
      "one env's recipients changed",
      withRecipients('prod-eu', ['age1changed']),
      (rules) => rules.map(([p, a]) => [p!, p!.includes('prod-eu') ? 'age1changed' : a!]),
    ],
    [
      'an env without recipients',
      withRecipients('prod-eu', []),
      (rules) => rules.filter(([p]) => !p!.includes('prod-eu')),
    ],
    [
      'an env less',
      { ...fleet, environments: fleet.environments.filter((e) => e.name !== 'staging-eu') },
      (rules) => rules.filter(([p]) => !p!.includes('staging-eu')),
    ],
  ])('%s: its own rules, whatever was rendered before', (_name, changed, expected) => {
    const before = rulesOf(renderSopsConfig(fleet));
    expect(before.length).toBe(fleet.environments.filter((e) => e.ageRecipients.length).length);
    expect(rulesOf(renderSopsConfig(changed))).toEqual(expected(before));
    expect(rulesOf(renderSopsConfig(fleet))).toEqual(before);
  });
});
