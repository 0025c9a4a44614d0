import fc from 'fast-check';
import { parseCloudClass } from './classFile';
import { resolveCloudParameters } from './parameters';
import type { CloudClassVersion } from './types';

const classFile = (limits: Record<string, unknown>) => ({
  apiVersion: 'platter.dev/v1alpha1',
  kind: 'CloudResourceClass',
  metadata: { name: 'postgres' },
  spec: {
    version: '2.1.0',
    backend: { type: 'terraform', path: './cloud/postgres/2.1.0/module' },
    parameters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        storageGb: { type: 'integer', minimum: 10, maximum: 1000, default: 20 },
        backups: { type: 'boolean', default: false },
        tier: { enum: ['small', 'large'], default: 'small' },
      },
    },
    stages: { prod: { limits }, staging: {} },
    outputs: ['host', 'password'],
  },
});

function cls(limits: Record<string, unknown> = {}): CloudClassVersion {
  const { value, diagnostics } = parseCloudClass(classFile(limits), 'cloud/postgres/2.1.0/class.yaml');
  expect(diagnostics).toEqual([]);
  return value!;
}

const codes = (r: { diagnostics: { code: string; path?: string }[] }) => r.diagnostics.map((d) => [d.code, d.path]);

describe('resolveCloudParameters', () => {
  it.each<[string, Record<string, unknown>, string, [string, string | undefined][]]>([
    ['defaults fill the rest', {}, 'staging', []],
    ['text a form gives, of the right type', { storageGb: '30', backups: 'true' }, 'prod', []],
    [
      'a value of the wrong type',
      { storageGb: 'big' },
      'staging',
      [['InvalidCloudParameters', 'parameters.storageGb']],
    ],
    ['a parameter the class does not have', { size: 1 }, 'staging', [['InvalidCloudParameters', 'parameters.size']]],
    ['outside the schema range', { storageGb: 5 }, 'staging', [['InvalidCloudParameters', 'parameters.storageGb']]],
    ['not in the enum', { tier: 'huge' }, 'staging', [['InvalidCloudParameters', 'parameters.tier']]],
    ['prod requires backups', {}, 'prod', [['CloudParameterOutOfLimits', 'parameters.backups']]],
    ['prod with backups', { backups: true }, 'prod', []],
    ['a stage the class does not list has only the schema', {}, 'qa', []],
  ])('%s', (_name, parameters, stage, expected) => {
    expect(codes(resolveCloudParameters(cls({ properties: { backups: { const: true } } }), stage, parameters))).toEqual(
      expected,
    );
  });

  it('applies defaults to a copy, leaving the request as written', () => {
    const parameters = { backups: true };
    const r = resolveCloudParameters(cls(), 'staging', parameters);
    expect(r.values).toEqual({ storageGb: 20, backups: true, tier: 'small' });
    expect(parameters).toEqual({ backups: true });
  });

  it('a class whose limits are not a JSON schema is InvalidCloudClass, on the class', () => {
    const r = resolveCloudParameters(cls({ properties: { storageGb: { maximum: 'ten' } } }), 'prod', {});
    expect(codes(r)).toEqual([['InvalidCloudClass', 'cloud/postgres/2.1.0/class.yaml#spec.stages.prod.limits']]);
  });

  // The property of issue 21: whatever the stage's limit and the value asked for, a value beyond the limit is
  // refused with the typed error on its field, and one within it (and the schema) is accepted.
  it('refuses exactly the parameters outside a stage limit, with CloudParameterOutOfLimits on the field', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 1000 }),
        fc.integer({ min: 10, max: 1000 }),
        fc.boolean(),
        fc.boolean(),
        (maximum, storageGb, backups, requireBackups) => {
          const limits = {
            properties: { storageGb: { maximum }, ...(requireBackups ? { backups: { const: true } } : {}) },
          };
          const r = resolveCloudParameters(cls(limits), 'prod', { storageGb, backups });
          const expected: [string, string][] = [
            ...(storageGb > maximum ? [['CloudParameterOutOfLimits', 'parameters.storageGb'] as [string, string]] : []),
            ...(requireBackups && !backups
              ? [['CloudParameterOutOfLimits', 'parameters.backups'] as [string, string]]
              : []),
          ];
          expect(codes(r).sort()).toEqual(expected.sort());
          // Another stage's limits never apply.
          expect(resolveCloudParameters(cls(limits), 'staging', { storageGb, backups }).diagnostics).toEqual([]);
        },
      ),
    );
  });
});

describe('parseCloudClass', () => {
  it.each<[string, (f: any) => void, string]>([
    ['an unknown backend', (f) => (f.spec.backend = { type: 'pulumi' }), 'InvalidCloudClass'],
    [
      'a crossplane class without its claim kind',
      (f) => (f.spec.backend = { type: 'crossplane', apiVersion: 'x/v1' }),
      'InvalidCloudClass',
    ],
    ['parameters that are not an object schema', (f) => (f.spec.parameters = { type: 'string' }), 'InvalidCloudClass'],
    [
      'a stage policy with an unknown deletionPolicy',
      (f) => (f.spec.stages.prod.deletionPolicy = 'Keep'),
      'InvalidCloudClass',
    ],
    ['a file that is not where its name says', (f) => (f.metadata.name = 'mysql'), 'InvalidCloudClass'],
  ])('%s: %s', (_name, damage, code) => {
    const f = classFile({});
    damage(f);
    expect(parseCloudClass(f, 'cloud/postgres/2.1.0/class.yaml').diagnostics.map((d) => d.code)).toContain(code);
  });

  it('gives the stage policy its defaults: direct, Orphan', () => {
    expect(cls().stages['prod']).toEqual({ limits: {}, review: false, deletionPolicy: 'Orphan' });
  });
});
