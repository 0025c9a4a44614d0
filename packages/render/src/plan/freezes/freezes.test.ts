import { parseRequest } from '@platter/model';
import { RepoHarness, TEST_NOW } from '../../testing';
import { plan } from '../plan';

/** Change freezes and the review path (issue 19 §4); every kind: freezes.kinds.slow.test.ts. */
const FREEZE = {
  name: 'black-friday',
  stages: ['prod'],
  from: '2026-11-27',
  until: '2026-11-30',
  reason: 'Black Friday traffic',
  overrideBy: ['group:default/sre'],
};

const withFreeze = (freeze: Record<string, unknown>) =>
  RepoHarness.example().editYaml('platter.yaml', (doc) => {
    doc.spec.freezes = [freeze];
  });

describe('freezes and review', () => {
  it('stop the line: a freeze without until still holds a year later', () => {
    const { until: _until, ...stopTheLine } = FREEZE;
    const upgrade = parseRequest({
      kind: 'UpgradeComponent',
      stage: 'prod',
      service: 'ingress-nginx',
      version: '1.1.0',
    });
    const run = () => plan(withFreeze(stopTheLine).tree, upgrade, { now: new Date('2027-11-27T00:00:00Z') });
    expect(run).toThrow(expect.objectContaining({ code: 'Frozen' }));
  });

  it("a tenant's own request, direct otherwise, goes to review as an override", () => {
    const promote = parseRequest({ kind: 'PromoteApp', app: 'shop', to: [{ stage: 'prod' }], version: '1.3.0' });
    const teamA = { kind: 'tenant', tenant: 'team-a', groups: ['group:default/team-a'] } as const;
    const h = RepoHarness.example();
    expect(plan(h.tree, promote, { actor: teamA, now: TEST_NOW }).review).toBe('direct');
    h.editYaml('platter.yaml', (doc) => {
      doc.spec.freezes = [{ ...FREEZE, overrideBy: ['group:default/team-a'] }];
    });
    expect(plan(h.tree, promote, { actor: teamA, now: TEST_NOW }).review).toBe('platform-review');
  });

  it('a freeze of one env stops only that env', () => {
    const h = withFreeze({ ...FREEZE, stages: [], environments: ['prod-us'] });
    const setEu = parseRequest({ kind: 'SetConfig', env: 'prod-eu', set: { team_channel: 'ops' } });
    expect(plan(h.tree, setEu, { now: TEST_NOW }).changes.length).toBeGreaterThan(0);
    const setUs = parseRequest({ kind: 'SetConfig', env: 'prod-us', set: { team_channel: 'ops' } });
    expect(() => plan(h.tree, setUs, { now: TEST_NOW })).toThrow(expect.objectContaining({ code: 'Frozen' }));
  });
});
