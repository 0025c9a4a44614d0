import { RepoHarness } from '../testing';

// platter.yaml's freezes and campaign settings in validate (issue 19): damage -> code and path.
describe('validate: freezes and campaigns in platter.yaml', () => {
  it.each([
    [
      'a valid freeze and soak',
      { freezes: [{ stages: ['prod'], from: '2026-11-27', reason: 'r' }], campaigns: { soak: '24h' } },
      [],
    ],
    [
      'a freeze naming an env that does not exist',
      { freezes: [{ environments: ['prod-ap'], from: '2026-11-27', reason: 'r' }] },
      [['UnknownEnvironment', 'platter.yaml#spec.freezes.0']],
    ],
    [
      'a freeze without a reason',
      { freezes: [{ stages: ['prod'], from: '2026-11-27' }] },
      [['InvalidSettings', 'platter.yaml#spec.freezes#0.reason']],
    ],
    [
      'a soak that is no duration',
      { campaigns: { soak: 'a day' } },
      [['InvalidSettings', 'platter.yaml#spec.campaigns']],
    ],
  ])('%s', (_n, spec, errors) => {
    const h = RepoHarness.example().editYaml('platter.yaml', (doc) => Object.assign(doc.spec, spec));
    expect(h.errors()).toEqual(errors);
  });
});
