import type { Fleet } from './types';
import { checkTenants } from '../rules/checkTenants';
import { groupsOwningSeveralTenants, normalizeEntityRef, tenantsOwnedBy } from './owners';

const tenant = (name: string, owner: string) => ({ name, owner, codeowners: [], namespaces: [name], stages: [] });
const TENANTS = [
  tenant('team-a', 'group:default/team-a'),
  tenant('team-b', 'group:team-b'),
  tenant('team-c', 'group:default/Twins'),
  tenant('team-d', 'group:twins'),
];

describe('the group -> tenant rule', () => {
  it.each([
    ['group:Team-A', 'group:default/team-a'],
    [' group:default/team-a ', 'group:default/team-a'],
    ['user:ns/Jane', 'user:ns/jane'],
    ['not-a-ref', 'not-a-ref'],
  ])('%s is %s', (ref, normal) => expect(normalizeEntityRef(ref)).toBe(normal));

  it('finds the tenants a set of refs owns, whatever the spelling, in platter.yaml order', () => {
    expect(tenantsOwnedBy(TENANTS, ['user:default/jane', 'group:default/TEAM-B']).map((t) => t.name)).toEqual([
      'team-b',
    ]);
    expect(tenantsOwnedBy(TENANTS, ['group:default/twins']).map((t) => t.name)).toEqual(['team-c', 'team-d']);
    expect(tenantsOwnedBy(TENANTS, ['group:default/nobody'])).toEqual([]);
  });

  it('names the groups that own several tenants', () => {
    expect([...groupsOwningSeveralTenants(TENANTS)]).toEqual([['group:default/twins', ['team-c', 'team-d']]]);
    expect(groupsOwningSeveralTenants(TENANTS.slice(0, 2)).size).toBe(0);
  });

  it("checkTenants reports a group that owns several tenants, at the second tenant's owner", () => {
    const fleet = { tenants: TENANTS, services: [], stages: [] } as unknown as Fleet;
    const found = checkTenants(fleet).filter((d) => d.code === 'InvalidSettings');
    expect(found.map((d) => d.path)).toEqual(['platter.yaml#tenants.team-d.owner']);
    expect(
      checkTenants({ ...fleet, tenants: TENANTS.slice(0, 2) } as Fleet).filter((d) => d.code === 'InvalidSettings'),
    ).toEqual([]);
  });
});
