import type { AnyZodObject, ZodTypeAny } from 'zod/v3';
import { isRequestRejected } from '../errors';
import { target } from './common';
import { changeRequestSchema, parseRequest, REQUEST_KIND_SPECS, REQUEST_KINDS, REQUEST_SCHEMAS, specOf } from './index';

/** The type name of a schema without its optional/default wrappers (by name: the schemas may come from another zod copy). */
const unwrap = (t: ZodTypeAny): ZodTypeAny => {
  const name = t._def.typeName as string;
  return name === 'ZodOptional' || name === 'ZodDefault' ? unwrap(t._def.innerType as ZodTypeAny) : t;
};

describe('REQUEST_KIND_SPECS', () => {
  const specs = REQUEST_KIND_SPECS.map((s) => [s.kind, specOf(s.kind)] as const);

  it('names each kind once, as its schema does, and every table reads the list', () => {
    expect(new Set(REQUEST_KINDS).size).toBe(REQUEST_KIND_SPECS.length);
    for (const s of REQUEST_KIND_SPECS) expect((s.schema as unknown as AnyZodObject).shape.kind.value).toBe(s.kind);
    expect(Object.keys(REQUEST_SCHEMAS)).toEqual(REQUEST_KINDS);
    expect(changeRequestSchema.options.map((o) => o.shape.kind.value)).toEqual(REQUEST_KINDS);
  });

  it('gives every kind its own noun and verb and its own CLI command', () => {
    const ids = REQUEST_KIND_SPECS.map((s) => `${s.noun}:${s.verb}`);
    expect(new Set(ids).size).toBe(ids.length);
    const commands = REQUEST_KIND_SPECS.map((s) => s.command);
    expect(new Set(commands).size).toBe(commands.length);
  });

  it.each(specs)('%s: noun, verb, command and audience are well formed', (_kind, spec) => {
    expect(spec.noun).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(spec.verb).toMatch(/^[a-z]+$/);
    expect(spec.command).toMatch(/^[a-z]+(-[a-z]+)*( [a-z]+(-[a-z]+)*)?$/);
    expect(['tenant', 'platform']).toContain(spec.audience);
  });

  it.each(specs)('%s: its target fields hold targets (one or a list), and no other field does', (_kind, spec) => {
    const shape = spec.schema.shape as Record<string, ZodTypeAny>;
    const holdsTargets = Object.entries(shape)
      .filter(([, type]) => {
        const inner = unwrap(type);
        return (
          inner === target || (inner._def.typeName === 'ZodArray' && unwrap(inner._def.type as ZodTypeAny) === target)
        );
      })
      .map(([field]) => field);
    expect([...spec.targetFields].sort()).toEqual(holdsTargets.sort());
  });

  it.each(specs)('%s: its secrets lens names a field that holds secrets', (_kind, spec) => {
    if (!spec.secrets) return expect(Object.keys(spec.schema.shape)).not.toEqual(expect.arrayContaining(['secret']));
    const inner = unwrap((spec.schema.shape as Record<string, ZodTypeAny>)[spec.secrets.field]!);
    expect(inner._def.typeName).toBe(spec.secrets.field === 'secrets' ? 'ZodArray' : 'ZodObject');
  });
});

describe("a kind's cross-field rules run in parseRequest", () => {
  it.each([
    ['EnableAddon: stage and env', { kind: 'EnableAddon', service: 's', addon: 'a', stage: 'x', env: 'y' }, 'env'],
    ['DisableAddon: neither', { kind: 'DisableAddon', service: 's', addon: 'a' }, 'stage'],
    ['SetConfig: nothing to do', { kind: 'SetConfig', stage: 'x' }, 'set'],
    ['CreateStage: after and position', { kind: 'CreateStage', name: 'qa', after: 'staging', position: 2 }, 'position'],
    ['CreateStage: promoted from itself', { kind: 'CreateStage', name: 'qa', promotesFrom: 'qa' }, 'promotesFrom'],
    ['SetSecret: no values', { kind: 'SetSecret', env: 'e', secret: { name: 'n' } }, 'secrets'],
    [
      'CreateEnvironment: values and sealed',
      {
        kind: 'CreateEnvironment',
        name: 'e',
        stage: 's',
        ageRecipients: ['age1x'],
        secrets: [{ name: 'n', values: { a: 'b' }, sealed: 'x' }],
      },
      'secrets',
    ],
  ])('%s', (_name, input, path) => {
    let error: unknown;
    try {
      parseRequest(input);
    } catch (e) {
      error = e;
    }
    expect(isRequestRejected(error)).toBe(true);
    expect(error).toMatchObject({ code: 'InvalidRequest', path });
  });
});
