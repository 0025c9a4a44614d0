import { RepoHarness } from '../testing';

/** Issue 22 item 5, "validate misses": a duplicate environment in platter.yaml, an age recipient with a bad checksum. */
describe('validate misses (issue 22 item 5)', () => {
  it('a duplicate environment in platter.yaml is DuplicateName on platter.yaml', () => {
    const h = RepoHarness.example().editYaml('platter.yaml', (d) => {
      d.spec.environments.push({
        ...d.spec.environments[0],
        ageRecipients: ['age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj'],
      });
    });
    expect(h.errors()).toContainEqual(['DuplicateName', 'platter.yaml']);
  });

  it('an age recipient with a bad checksum is InvalidEncryption, and env add refuses it before writing', () => {
    const good = 'age1cxa2w2s5n7fhjcu9mlk4cejm5c27nwpuxd9pzmvddc3c4rvz54dspl4k6t';
    const typo = `${good.slice(0, -1)}q`;
    const h = RepoHarness.example().edit('platter.yaml', (t) => t.replace(good, typo));
    expect(h.errors()).toContainEqual(['InvalidEncryption', 'platter.yaml']);
    const clean = RepoHarness.example();
    const before = clean.tree.entries();
    let code: string | undefined;
    try {
      clean.plan({
        kind: 'CreateEnvironment',
        name: 'qa-1',
        stage: 'staging',
        ageRecipients: [typo],
        config: { cluster_name: 'qa-1' },
        secrets: [],
      });
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    expect(code).toBe('InvalidEncryption');
    expect(clean.tree.entries()).toEqual(before);
  });
});
