import type { Fleet } from '../fleet';
import { checkPromotionPolicies, parsePromotionPolicies, parseSoak, promotionCandidates } from '.';

const settings = (stages: unknown[]) => ({ spec: { stages } });

describe('parseSoak', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['24h', 24 * 3_600_000],
    ['2d', 2 * 86_400_000],
    ['1w', 604_800_000],
    ['2 days', Number.NaN],
    ['1.5d', Number.NaN],
    ['', Number.NaN],
  ])('%s', (text, ms) => expect(parseSoak(text)).toBe(ms));
});

describe('parsePromotionPolicies', () => {
  it.each([
    ['no promotion anywhere', [{ name: 'prod', promotesFrom: 'staging' }], [], []],
    [
      'a policy',
      [{ name: 'staging' }, { name: 'prod', promotesFrom: 'staging', promotion: { soak: '2d', auto: ['apps'] } }],
      [{ stage: 'prod', from: 'staging', soak: '2d', soakMs: 2 * 86_400_000, auto: ['apps'] }],
      [],
    ],
    [
      'auto defaults to none',
      [{ name: 'prod', promotesFrom: 'staging', promotion: { soak: '1h' } }],
      [{ stage: 'prod', auto: [] }],
      [],
    ],
    [
      'a malformed soak',
      [{ name: 'prod', promotesFrom: 'staging', promotion: { soak: 'two days' } }],
      [],
      [['InvalidSettings', 'platter.yaml#spec.stages.0.promotion#soak']],
    ],
    [
      'an unknown field',
      [{ name: 'prod', promotesFrom: 'staging', promotion: { soak: '1d', autoPromote: true } }],
      [],
      [['InvalidSettings', 'platter.yaml#spec.stages.0.promotion']],
    ],
    [
      'promotion on a stage that promotes from nothing',
      [{ name: 'staging', promotion: { soak: '1d' } }],
      [],
      [['InvalidSettings', 'platter.yaml#spec.stages.0.promotion']],
    ],
  ])('%s', (_name, stages, policies, findings) => {
    const r = parsePromotionPolicies(settings(stages));
    expect(r.policies).toEqual(policies.map((p) => expect.objectContaining(p)));
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual(findings);
  });
});

/** Just what promotionCandidates reads. */
const fleet = {
  tenants: [{ name: 'team-a' }, { name: 'team-b' }],
  apps: [
    {
      name: 'shop',
      tenant: 'team-a',
      deployments: [
        { stage: 'staging', version: '1.3.0' },
        { stage: 'prod', version: '1.2.0' },
      ],
    },
    {
      name: 'billing',
      tenant: 'team-b',
      deployments: [
        { stage: 'staging', version: '2.0.0' },
        { stage: 'prod', version: '2.0.0' },
      ],
    },
    // Not bound to prod yet: binding it is a person's decision.
    { name: 'cart', tenant: 'team-a', deployments: [{ stage: 'staging', version: '0.1.0' }] },
    // A release candidate: prod does not allow prereleases, so it is no candidate.
    {
      name: 'search-ui',
      tenant: 'team-b',
      deployments: [
        { stage: 'staging', version: '2.0.0-rc.1' },
        { stage: 'prod', version: '1.0.0' },
      ],
    },
    // Prod runs a newer version than staging (a hotfix): nothing to promote, never a downgrade.
    {
      name: 'search',
      tenant: 'team-b',
      deployments: [
        { stage: 'staging', version: '3.0.0' },
        { stage: 'prod', version: '3.0.1' },
      ],
    },
  ],
  stages: [
    { name: 'staging', allowPrerelease: true, components: [{ service: 'ingress-nginx', version: '4.11.0' }] },
    { name: 'prod', allowPrerelease: false, components: [{ service: 'ingress-nginx', version: '4.10.0' }] },
  ],
} as unknown as Fleet;

describe('promotionCandidates', () => {
  const policy = (auto: string[]) => ({ stage: 'prod', from: 'staging', soak: '1d', soakMs: 86_400_000, auto });
  it.each([
    ['nothing automatic', [], { shop: false, 'ingress-nginx': false }],
    ['apps', ['apps'], { shop: true, 'ingress-nginx': false }],
    ['one tenant', ['team-a'], { shop: true, 'ingress-nginx': false }],
    ['another tenant', ['team-b'], { shop: false, 'ingress-nginx': false }],
    ['components', ['components'], { shop: false, 'ingress-nginx': true }],
  ])('%s', (_name, auto, expected) => {
    const found = promotionCandidates(fleet, [policy(auto)]);
    expect(
      Object.fromEntries(found.map((c) => ['app' in c.subject ? c.subject.app : c.subject.component, c.auto])),
    ).toEqual(expected);
    expect(found.map((c) => c.request)).toEqual([
      { kind: 'PromoteApp', app: 'shop', from: { stage: 'staging' }, to: [{ stage: 'prod' }], version: '1.3.0' },
      { kind: 'UpgradeComponent', stage: 'prod', service: 'ingress-nginx', version: '4.11.0' },
    ]);
  });

  it('checkPromotionPolicies: an auto entry that is no tenant', () => {
    expect(checkPromotionPolicies(fleet, [policy(['apps', 'team-c'])]).map((d) => d.code)).toEqual(['InvalidSettings']);
  });
});
