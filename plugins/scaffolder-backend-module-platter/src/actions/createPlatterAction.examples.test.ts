import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { REQUEST_KINDS } from '@platter/model';
import { parseYamlValues } from '@platter/render';
import { validate } from 'jsonschema';
import { createPlatterAction } from './createPlatterAction';
import { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';
import { createPublishAction } from './publish';

/**
 * The actions as the scaffolder sees them: their zod schemas converted to JSON
 * Schema (zod-to-json-schema, as the runtime does) accept every documented
 * example, which is exactly what the action's `examples` show; and the JSON
 * Schema itself keeps secret values out of inputs. (The examples are planned and
 * landed for real in createPlatterAction.kinds.slow.test.ts.)
 */
const deps = {
  repository: {} as never,
  permissions: mockServices.permissions(),
  integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
};

describe.each(REQUEST_KINDS)('%s', (kind) => {
  const action = createPlatterAction(kind, deps);
  const example = PLATTER_ACTION_EXAMPLES[kind];

  it('documents its example as a template step', () => {
    const [doc] = action.examples!;
    const steps = (parseYamlValues(doc!.example)[0] as { steps: { action: string; input: unknown }[] }).steps;
    expect(steps).toEqual([expect.objectContaining({ action: action.id, input: example.input })]);
  });

  it("accepts its example under the runtime's JSON Schema", () => {
    expect(validate(example.input, action.schema!.input!).errors.map(String)).toEqual([]);
  });

  it('describes its outputs', () => {
    expect(Object.keys((action.schema!.output as { properties: object }).properties).sort()).toEqual([
      'affectedEnvironments',
      'changedFiles',
      'diff',
      'plan',
      'review',
    ]);
  });
});

describe('the JSON Schema refuses secret values in inputs', () => {
  it.each([
    [
      'CreateEnvironment',
      {
        ...PLATTER_ACTION_EXAMPLES.CreateEnvironment.input,
        secrets: [{ name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'plain' } }],
      },
    ],
    [
      'SetSecret',
      {
        ...PLATTER_ACTION_EXAMPLES.SetSecret.input,
        secret: { name: 'runtime-external-dns', values: { EXTERNAL_DNS_API_TOKEN: 'plain' } },
      },
    ],
    ['OnboardApp', { ...PLATTER_ACTION_EXAMPLES.OnboardApp.input, secrets: { s: { K: 'task-secret' } } }],
  ] as const)('%s', (kind, input) => {
    expect(validate(input, createPlatterAction(kind, deps).schema!.input!).valid).toBe(false);
  });
});

it('platter:publish takes a mode and/or a request, nothing else', () => {
  const schema = createPublishAction(deps).schema!.input!;
  expect(validate({}, schema).valid).toBe(true);
  expect(validate({ mode: 'pull-request' }, schema).valid).toBe(true);
  expect(validate({ mode: 'force' }, schema).valid).toBe(false);
  expect(validate({ secrets: {} }, schema).valid).toBe(false);
});
