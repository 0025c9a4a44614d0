import { parseCloudClass } from './classFile';
import { checkCloudClass } from './checkClass';

const file = () => ({
  apiVersion: 'platter.dev/v1alpha1',
  kind: 'CloudResourceClass',
  metadata: { name: 's3-bucket' },
  spec: {
    version: '1.0.0',
    backend: { type: 'crossplane', apiVersion: 'platform.example.org/v1alpha1', kind: 'Bucket', compositionRef: 'x' },
    parameters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        backups: { type: 'boolean', default: false },
        retentionDays: { type: 'integer', minimum: 1, maximum: 3650, default: 7 },
        tier: { enum: ['standard', 'infrequent'], default: 'standard' },
      },
    },
    stages: {
      staging: {},
      prod: { limits: { properties: { backups: { const: true }, retentionDays: { minimum: 30 } } } },
    },
    outputs: ['bucket', 'endpoint'],
    lifecycle: { status: 'stable' },
  } as any,
});

const findings = (damage: (f: ReturnType<typeof file>) => void) => {
  const f = file();
  damage(f);
  const { value, diagnostics } = parseCloudClass(f, `cloud/s3-bucket/${f.spec.version}/class.yaml`);
  expect(diagnostics).toEqual([]);
  return checkCloudClass(value!).map((d) => [d.code, d.path]);
};
const at = (field: string) => `cloud/s3-bucket/1.0.0/class.yaml#${field}`;

describe('checkCloudClass', () => {
  it.each<[string, (f: ReturnType<typeof file>) => void, [string, string][]]>([
    // prod's limits refuse the class defaults (backups off, 7 days), but the form offers what prod allows.
    ['the example class', () => {}, []],
    [
      'a version that is not SemVer',
      (f) => (f.spec.version = 'v1'),
      [['InvalidCloudClass', 'cloud/s3-bucket/v1/class.yaml#spec.version']],
    ],
    [
      'a parameter schema that does not compile',
      (f) => (f.spec.parameters.properties.tier = { type: 'enumeration' }),
      [['InvalidCloudClass', at('spec.parameters')]],
    ],
    [
      'a default outside its schema',
      (f) => (f.spec.parameters.properties.retentionDays.default = 0),
      [['InvalidCloudClass', at('spec.parameters.properties.retentionDays.default')]],
    ],
    [
      'a default of another type',
      (f) => (f.spec.parameters.properties.backups.default = 'yes'),
      [['InvalidCloudClass', at('spec.parameters.properties.backups.default')]],
    ],
    [
      'limits that do not compile',
      (f) => (f.spec.stages.prod.limits = { properties: { retentionDays: { minimum: 'thirty' } } }),
      [['InvalidCloudClass', at('spec.stages.prod.limits')]],
    ],
    [
      'limits no offered value meets (an enum the class does not offer)',
      (f) => (f.spec.stages.prod.limits = { properties: { tier: { enum: ['glacier'] } } }),
      [['InvalidCloudClass', at('spec.stages.prod.limits')]],
    ],
    [
      'limits beyond the schema (a minimum above its maximum)',
      (f) => (f.spec.stages.prod.limits = { properties: { retentionDays: { minimum: 5000 } } }),
      [['InvalidCloudClass', at('spec.stages.prod.limits')]],
    ],
    [
      'an output that is not a Secret key, one listed twice',
      (f) => (f.spec.outputs = ['bucket', 'end point', 'bucket']),
      [
        ['InvalidCloudClass', at('spec.outputs.1')],
        ['InvalidCloudClass', at('spec.outputs.2')],
      ],
    ],
    [
      'a sunset that is not a date',
      (f) => (f.spec.lifecycle = { status: 'deprecated', sunset: 'next year' }),
      [['InvalidCloudClass', at('spec.lifecycle.sunset')]],
    ],
  ])('%s', (_name, damage, expected) => {
    expect(findings(damage)).toEqual(expected);
  });
});
