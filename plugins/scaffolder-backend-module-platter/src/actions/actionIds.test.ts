import { REQUEST_KINDS } from '@platter/model';
import { PLATTER_ACTION_IDS, PLATTER_PUBLISH_ACTION_ID } from './actionIds';

describe('PLATTER_ACTION_IDS', () => {
  it('names every request kind, and only those', () => {
    expect(Object.keys(PLATTER_ACTION_IDS).sort()).toEqual([...REQUEST_KINDS].sort());
  });

  it('gives every kind its own id, distinct from platter:publish', () => {
    const ids = [...Object.values(PLATTER_ACTION_IDS), PLATTER_PUBLISH_ACTION_ID];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(Object.entries(PLATTER_ACTION_IDS))('%s -> %s is platter:<noun>:<verb>', (_kind, id) => {
    expect(id).toMatch(/^platter:[a-z]+(-[a-z]+)*:[a-z]+$/);
  });

  it.each([
    ['OnboardApp', 'platter:app:onboard'],
    ['CreateEnvironment', 'platter:environment:create'],
    ['PromoteApp', 'platter:app:promote'],
    ['EnableAddon', 'platter:addon:enable'],
    ['ReleaseComponentVersion', 'platter:component-version:release'],
  ] as const)('%s is %s', (kind, id) => expect(PLATTER_ACTION_IDS[kind]).toBe(id));
});
