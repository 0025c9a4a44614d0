import { MemoryFileTree } from '@platter/model';
import { exampleRepository } from '../example';
import { validateRepository } from './validateRepository';

// platter.yaml's promotion policies in validate (issue 20): damage -> code and path.
const PROD = '    - name: prod\n      promotesFrom: staging\n';

describe('promotion settings in validate', () => {
  it.each([
    ['a valid policy', `${PROD}      promotion:\n        soak: 2d\n        auto: [apps, team-a]\n`, []],
    [
      'a malformed soak',
      `${PROD}      promotion:\n        soak: two days\n`,
      [['InvalidSettings', 'platter.yaml#spec.stages.1.promotion#soak']],
    ],
    [
      'an auto entry that is no tenant',
      `${PROD}      promotion:\n        soak: 1d\n        auto: [team-z]\n`,
      [['InvalidSettings', 'platter.yaml#spec.stages']],
    ],
  ])('%s', (_name, prod, expected) => {
    const files = new Map(exampleRepository().entries());
    files.set('platter.yaml', files.get('platter.yaml')!.replace(PROD, prod));
    const found = validateRepository(new MemoryFileTree(files)).diagnostics.filter((d) => d.code === 'InvalidSettings');
    expect(found.map((d) => [d.code, d.path])).toEqual(expected);
  });
});
