import { DEMO_AGE_RECIPIENT, exampleFleet } from '@platter/render';
import { normalizeRef, resolveActor } from './actor';

describe('resolveActor', () => {
  const fleet = exampleFleet(DEMO_AGE_RECIPIENT);
  it.each([
    ['platform team member', ['user:default/ops', 'group:default/platform-team'], { kind: 'platform', user: 'user:default/ops' }],
    ['tenant member', ['user:default/jane', 'group:default/team-a'], { kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' }],
    ['short group ref', ['user:default/jane', 'group:team-b'], { kind: 'tenant', tenant: 'team-b', user: 'user:default/jane' }],
    ['nobody', ['user:default/guest'], { kind: 'tenant', tenant: '', user: 'user:default/guest' }],
  ])('%s', (_name, refs, actor) => {
    expect(resolveActor(fleet, { userEntityRef: refs[0]!, ownershipEntityRefs: refs })).toEqual(actor);
  });

  it('normalizes refs like Backstage does', () => {
    expect(normalizeRef('group:Team-A')).toBe('group:default/team-a');
  });
});
