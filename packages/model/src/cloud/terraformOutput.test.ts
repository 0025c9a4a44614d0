import { isPlatterError } from '../errors';
import { configFromTerraformOutput } from './terraformOutput';

describe('configFromTerraformOutput', () => {
  it('takes strings as they are, other values as JSON, and leaves sensitive outputs out', () => {
    expect(
      configFromTerraformOutput({
        region: { sensitive: false, type: 'string', value: 'eu-central-1' },
        account_id: { sensitive: false, type: 'string', value: '123456789012' },
        node_count: { sensitive: false, type: 'number', value: 3 },
        private_subnets: { sensitive: false, type: ['list', 'string'], value: ['subnet-a', 'subnet-b'] },
        db_password: { sensitive: true, type: 'string', value: 's3cret' },
      }),
    ).toEqual({
      set: {
        region: 'eu-central-1',
        account_id: '123456789012',
        node_count: '3',
        private_subnets: '["subnet-a","subnet-b"]',
      },
      sensitive: ['db_password'],
    });
  });

  it.each<[string, unknown]>([
    ['a list', []],
    ['a string', 'vpc-1'],
    ['an output without value', { vpc_id: { type: 'string' } }],
    ['an output that is not an object', { vpc_id: 'vpc-1' }],
  ])('refuses %s with InvalidRequest', (_name, json) => {
    let error: unknown;
    try {
      configFromTerraformOutput(json, 'out.json');
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'InvalidRequest')).toBe(true);
  });
});
