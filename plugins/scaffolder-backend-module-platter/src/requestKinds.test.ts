import {
  REQUEST_KIND_SPECS,
  REQUEST_KINDS,
  redactRequest,
  secretsOf,
  withSecrets,
  type SecretInput,
} from '@platter/model';
import { PLANNERS } from '@platter/render';
import { permissionsToApply, permissionsToPlan } from '@platter/plugin-platter-common';
import { normalizeInput } from '@platter/plugin-platter-node';
import { z } from 'zod/v3';
import { PLATTER_ACTION_EXAMPLES, PLATTER_ACTION_IDS, platterInputSchema } from './actions';
import { withSecretValues } from './actions/secrets';

/**
 * Every table that differs by request kind is a read of the kind's spec
 * (RequestKindSpec, one module per kind in @platter/model), and no kind is
 * missing from any of them: the action ids, the permissions, the planners, the
 * action's input schema (target fields that take entity refs, secrets by
 * reference), target normalization, the action's task-secret mapping and the
 * secrets lens redaction and sealing read. (The CLI's commands: the CLI's
 * commands.test.ts; the spec itself against its schema: model's kinds.test.ts.)
 */
const TABLE = REQUEST_KIND_SPECS.map((spec) => [spec.kind, spec] as const);
const names = (permissions: readonly { name: string }[]) => permissions.map((p) => p.name);
const STAGE_REF = 'resource:default/stage-prod';

describe('every request kind, from its spec', () => {
  it('is in every table, and the tables hold nothing else', () => {
    for (const table of [PLATTER_ACTION_IDS, PLANNERS, PLATTER_ACTION_EXAMPLES])
      expect(Object.keys(table).sort()).toEqual([...REQUEST_KINDS].sort());
  });

  it.each(TABLE)('%s: its action id is platter:<noun>:<verb>', (kind, spec) => {
    expect(PLATTER_ACTION_IDS[kind]).toBe(`platter:${spec.noun}:${spec.verb}`);
  });

  it.each(TABLE)('%s: its audience decides the permissions to plan and to apply', (kind, spec) => {
    const platform = spec.audience === 'platform' ? ['platter.platform.manage'] : [];
    expect(names(permissionsToPlan(kind))).toEqual(['platter.request.plan', ...platform]);
    expect(names(permissionsToApply(kind))).toEqual(['platter.request.apply', ...platform]);
  });

  it.each(TABLE)(
    '%s: its action input takes an entity ref in each target field, and normalizeInput makes it a target',
    (kind, spec) => {
      const schema = platterInputSchema(kind, z);
      for (const field of spec.targetFields) {
        const shape = schema.shape as Record<string, z.ZodTypeAny>;
        const accepts = (value: unknown) => shape[field]!.safeParse(value).success;
        expect(accepts(STAGE_REF) || accepts([STAGE_REF])).toBe(true);
        expect(normalizeInput(kind, { [field]: STAGE_REF }, { tenants: () => [] })[field]).toEqual({ stage: 'prod' });
      }
    },
  );

  it.each(TABLE)(
    '%s: its secrets lens decides the action input, the task-secret mapping and redaction',
    (kind, spec) => {
      const shape = platterInputSchema(kind, z).shape as Record<string, z.ZodTypeAny>;
      const mapping = { api: { TOKEN: 'apiToken' } };
      const taskSecrets = { apiToken: 'value-1' };
      if (!spec.secrets) {
        expect(shape.secrets).toBeUndefined();
        expect(() => withSecretValues(kind, {}, mapping, taskSecrets)).toThrow(
          expect.objectContaining({ code: 'InvalidRequest', path: 'secrets' }),
        );
        return;
      }
      expect(shape.secrets).toBeDefined();
      const input = spec.secrets.field === 'secret' ? { secret: { name: 'api' } } : {};
      const filled = withSecretValues(kind, input, mapping, taskSecrets);
      const carried = filled[spec.secrets.field] as SecretInput | SecretInput[];
      expect(Array.isArray(carried) ? carried : [carried]).toEqual([{ name: 'api', values: { TOKEN: 'value-1' } }]);
      // The model reads and redacts the same field.
      const request = {
        kind,
        ...(spec.secrets.field === 'secret'
          ? { secret: { name: 'api', values: { TOKEN: 'value-1' } } }
          : { secrets: [{ name: 'api', values: { TOKEN: 'value-1' } }] }),
      } as never;
      expect(secretsOf(request)).toEqual([{ name: 'api', values: { TOKEN: 'value-1' } }]);
      expect(JSON.stringify(redactRequest(request))).not.toContain('value-1');
      expect(secretsOf(withSecrets(request, [{ name: 'api', keys: ['TOKEN'], sealed: 'x' }]))).toEqual([
        { name: 'api', keys: ['TOKEN'], sealed: 'x' },
      ]);
    },
  );
});
