import { findApp, findEnvironment, findService, findStage, findTenant } from './queries';
import type { Fleet } from './types';

/**
 * The find* look-ups give what `find` gives (the first item of a name), for
 * short lists (searched) and long ones (indexed), also for a list that grew
 * after it was first looked up in.
 */
const items = (names: string[]) => names.map((name, i) => ({ name, i }));
const fleetOf = (list: { name: string }[]) =>
  ({ stages: list, environments: list, tenants: list, apps: list, services: list }) as unknown as Fleet;
const finds = [findStage, findEnvironment, findTenant, findApp, findService];

describe.each([
  ['a short list', 5],
  ['a long list', 1_000],
])('%s', (_, length) => {
  const names = Array.from({ length }, (_, i) => `item-${i}`);
  const list = items([...names, names[0]!]);
  const fleet = fleetOf(list);

  it.each(finds.map((f) => [f.name, f] as const))('%s: the first of a name, undefined for none', (_n, find) => {
    for (const name of [names[0]!, names[length - 1]!, names[Math.floor(length / 2)]!])
      expect(find(fleet, name)).toBe(list.find((x) => x.name === name));
    expect((find(fleet, names[0]!) as unknown as { i: number }).i).toBe(0);
    expect(find(fleet, 'missing')).toBeUndefined();
  });

  it('a list that grew after a look-up is looked up in as it is now', () => {
    const growing = items(names);
    expect(findEnvironment(fleetOf(growing), 'late')).toBeUndefined();
    growing.push({ name: 'late', i: -1 });
    expect(findEnvironment(fleetOf(growing), 'late')).toBe(growing.at(-1));
  });
});
