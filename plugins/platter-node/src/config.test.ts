import { ConfigReader } from '@backstage/config';
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
