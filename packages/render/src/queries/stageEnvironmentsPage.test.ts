import { isPlatterError, type Environment, type Fleet } from '@platter/model';
import { RepoHarness } from '../testing';
import { stageEnvironmentsPage } from './stageEnvironmentsPage';

let example: Fleet;
beforeAll(() => {
  example = RepoHarness.example().model();
});

/** The example fleet with `n` more prod envs, copies of prod-eu (so in sync with each other). */
const withProdEnvs = (f: Fleet, n: number): Fleet => {
  const eu = f.environments.find((e) => e.name === 'prod-eu')!;
  const more: Environment[] = Array.from({ length: n }, (_, i) => ({
    ...eu,
    name: `prod-x${String(i).padStart(4, '0')}`,
  }));
  return { ...f, environments: [...f.environments, ...more] };
};

describe('stageEnvironmentsPage', () => {
  it('pages the envs of a stage by name, each with its drift lines', () => {
    const page = stageEnvironmentsPage(example, { stage: 'prod' });
    expect(page).toMatchObject({ stage: 'prod', total: 2, drifting: 1, offset: 0, limit: 50 });
    expect(page.items.map((i) => i.env)).toEqual(['prod-eu', 'prod-us']);
    expect(page.items[0]!.drift).toEqual([]);
    expect(page.items[1]!.drift).toEqual(['addon ingress-nginx/metrics disabled here only']);
  });

  it.each<[string, Parameters<typeof stageEnvironmentsPage>[1], number, string[]]>([
    ['the first page', { stage: 'prod', limit: 3 }, 1002, ['prod-eu', 'prod-us', 'prod-x0000']],
    ['a later page', { stage: 'prod', offset: 1000, limit: 3 }, 1002, ['prod-x0998', 'prod-x0999']],
    ['drifting envs only', { stage: 'prod', drifting: true }, 1, ['prod-us']],
    ['a limit above the maximum is the maximum', { stage: 'prod', limit: 1_000_000 }, 1002, []],
  ])('%s', (_name, query, total, first) => {
    const page = stageEnvironmentsPage(withProdEnvs(example, 1000), query);
    expect(page.total).toBe(total);
    expect(page.items.length).toBeLessThanOrEqual(500);
    if (first.length) expect(page.items.map((i) => i.env)).toEqual(first);
  });

  it('refuses a stage that does not exist (UnknownStage)', () => {
    expect.assertions(1);
    try {
      stageEnvironmentsPage(example, { stage: 'prdo' });
    } catch (e) {
      expect(isPlatterError(e, 'UnknownStage')).toBe(true);
    }
  });
});
