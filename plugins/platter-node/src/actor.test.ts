import { DEMO_AGE_RECIPIENT, exampleFleet } from '@platter/render';
import { isPlatterError } from '@platter/model';
import { normalizeRef, resolveActor } from './actor';
import { normalizeInput } from './normalizeInput';

describe('resolveActor', () => {
  const fleet = exampleFleet(DEMO_AGE_RECIPIENT);
  it.each([
    [
      'platform team member',
      ['user:default/ops', 'group:default/platform-team'],
      { kind: 'platform', user: 'user:default/ops' },
    ],
    [
      'tenant member',
      ['user:default/jane', 'group:default/team-a'],
      { kind: 'tenant', tenant: 'team-a', user: 'user:default/jane' },
    ],
    [
      'short group ref',
      ['user:default/jane', 'group:team-b'],
      { kind: 'tenant', tenant: 'team-b', user: 'user:default/jane' },
    ],
    ['nobody', ['user:default/guest'], { kind: 'tenant', tenant: '', user: 'user:default/guest' }],
  ])('%s', (_name, refs, actor) => {
    expect(resolveActor(fleet, { userEntityRef: refs[0]!, ownershipEntityRefs: refs })).toEqual({
      ...actor,
      groups: refs,
    });
  });

  it('agrees with normalizeInput on a group that owns several tenants: refused, not mapped to one of them', () => {
    const twins = {
      ...fleet,
      tenants: [
        ...fleet.tenants,
        { ...fleet.tenants[0]!, name: 'twin-1', owner: 'group:default/twins' },
        { ...fleet.tenants[0]!, name: 'twin-2', owner: 'group:twins' },
      ],
    };
    let error: unknown;
    try {
      resolveActor(twins, {
        userEntityRef: 'user:default/jane',
        ownershipEntityRefs: ['user:default/jane', 'group:default/twins'],
      });
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'InvalidSettings')).toBe(true);
    expect(() =>
      normalizeInput('OnboardApp', { tenant: 'group:default/twins' }, { tenants: () => twins.tenants }),
    ).toThrow(expect.objectContaining({ code: 'InvalidRequest', path: 'tenant' }));
  });

  it('normalizes refs like Backstage does', () => {
    expect(normalizeRef('group:Team-A')).toBe('group:default/team-a');
  });
});
