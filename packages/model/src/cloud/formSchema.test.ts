import Ajv from 'ajv';
import fc from 'fast-check';
import { parseCloudClass } from './classFile';
import { cloudParameterSchema } from './formSchema';
import { resolveCloudParameters } from './parameters';
import type { CloudClassVersion } from './types';

function cls(limits: Record<string, unknown>): CloudClassVersion {
  const { value, diagnostics } = parseCloudClass(
    {
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
            storageGb: { type: 'integer', minimum: 10, maximum: 1000, default: 20, description: 'Disk' },
            backups: { type: 'boolean', default: false },
            tier: { enum: ['small', 'medium', 'large'], default: 'small' },
          },
        },
        stages: { prod: { limits }, staging: {} },
      },
    },
    'cloud/postgres/2.1.0/class.yaml',
  );
  expect(diagnostics).toEqual([]);
  return value!;
}

const prop = (schema: Record<string, unknown>, field: string) => (schema['properties'] as any)[field];

describe('cloudParameterSchema', () => {
  it.each<[string, Record<string, unknown>, string, Record<string, unknown>]>([
    [
      'a const becomes the default and read-only',
      { backups: { const: true } },
      'backups',
      { type: 'boolean', const: true, default: true, readOnly: true, description: 'stage prod: must be true' },
    ],
    [
      'a minimum tightens and moves the default inside',
      { storageGb: { minimum: 50 } },
      'storageGb',
      { type: 'integer', minimum: 50, maximum: 1000, default: 50, description: 'Disk (stage prod: at least 50)' },
    ],
    [
      'an enum narrows the choices and the default',
      { tier: { enum: ['medium', 'large', 'huge'] } },
      'tier',
      { enum: ['medium', 'large'], default: 'medium', description: 'stage prod: one of "medium", "large"' },
    ],
  ])('%s', (_name, limits, field, expected) => {
    expect(prop(cloudParameterSchema(cls({ properties: limits }), 'prod'), field)).toEqual(expected);
  });

  it('another stage, or none, shows the class schema as it is; the class is not changed', () => {
    const c = cls({ properties: { backups: { const: true } } });
    expect(cloudParameterSchema(c, 'staging')).toEqual(c.parameters);
    expect(cloudParameterSchema(c, undefined)).toEqual(c.parameters);
    cloudParameterSchema(c, 'prod');
    expect(prop(c.parameters, 'backups')).toEqual({ type: 'boolean', default: false });
  });

  it("the limits' required fields are required in the form", () => {
    expect(cloudParameterSchema(cls({ required: ['tier', 'nope'] }), 'prod')['required']).toEqual(['tier']);
  });

  // The form and the planner agree: a value the form's schema accepts is one the planner accepts in that stage,
  // and the other way round, for every limit the form folds in (bounds, enums, consts).
  it('accepts exactly what resolveCloudParameters accepts in the stage', () => {
    fc.assert(
      fc.property(
        fc.record({
          min: fc.option(fc.integer({ min: 0, max: 1200 }), { nil: undefined }),
          max: fc.option(fc.integer({ min: 0, max: 1200 }), { nil: undefined }),
          tiers: fc.option(fc.subarray(['small', 'medium', 'large', 'huge'], { minLength: 1 }), { nil: undefined }),
          backups: fc.option(fc.boolean(), { nil: undefined }),
        }),
        fc.array(
          fc.record({
            storageGb: fc.integer({ min: 0, max: 1200 }),
            tier: fc.constantFrom('small', 'medium', 'large', 'huge'),
            backups: fc.boolean(),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        ({ min, max, tiers, backups }, values) => {
          const limits = {
            properties: {
              storageGb: {
                ...(min !== undefined ? { minimum: min } : {}),
                ...(max !== undefined ? { maximum: max } : {}),
              },
              ...(tiers ? { tier: { enum: tiers } } : {}),
              ...(backups !== undefined ? { backups: { const: backups } } : {}),
            },
          };
          const c = cls(limits);
          const form = new Ajv({ strict: false }).compile(cloudParameterSchema(c, 'prod'));
          for (const value of values)
            expect(form(structuredClone(value))).toBe(
              resolveCloudParameters(c, 'prod', value).diagnostics.length === 0,
            );
        },
      ),
      // Compiling schemas dominates: fewer limit sets, each tried with many values.
      { numRuns: 15 },
    );
  });
});
