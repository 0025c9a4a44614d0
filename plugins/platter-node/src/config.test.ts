import { ConfigReader } from '@backstage/config';
import { DEFAULT_ROUND_BUDGET_MS } from '@platter/gitops-repo';
import { readPlatterConfig } from './config';

const read = (repository: Record<string, unknown>) =>
  readPlatterConfig(new ConfigReader({ platter: { repository: { url: '/srv/gitops.git', ...repository } } }));

describe('readPlatterConfig: platter.repository.browse', () => {
  it.each([
    ['absent: nothing is served without sign-in', {}, false],
    ['false', { browse: false }, false],
    ['true (the demo)', { browse: true }, true],
  ])('%s', (_name, repository, browse) => {
    expect(read(repository).repository.browse).toBe(browse);
  });

  it('refuses a value that is not a boolean, naming the key', () => {
    expect(() => read({ browse: 'sometimes' })).toThrow(/platter\.repository\.browse/);
  });
});

describe('readPlatterConfig: platter.publish.roundBudgetMs (group commit)', () => {
  const readPublish = (publish: { roundBudgetMs?: number | string }) =>
    readPlatterConfig(new ConfigReader({ platter: { repository: { url: '/srv/gitops.git' }, publish } }));

  it.each([
    ["absent: the queue's default", {}, DEFAULT_ROUND_BUDGET_MS],
    ['set', { roundBudgetMs: 1500 }, 1500],
  ])('%s', (_name, publish, budget) => {
    expect(readPublish(publish).publish.roundBudgetMs).toBe(budget);
  });

  it.each([0, -1, 'soon'])('refuses %p, naming the key', (roundBudgetMs) => {
    expect(() => readPublish({ roundBudgetMs })).toThrow(/platter\.publish\.roundBudgetMs/);
  });
});
