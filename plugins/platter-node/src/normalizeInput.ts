import { parseEntityRef } from '@backstage/catalog-model';
import { known, PlatterError, specOf, tenantsOwnedBy, type RequestKind, type Target } from '@platter/model';
import { platterEntityName } from '@platter/plugin-platter-common';

/** What normalizeInput may look up: the repository's tenants. */
export interface NormalizeContext {
  /** The repository's tenants and their owner groups (read only when a tenant field holds a ref). */
  readonly tenants: () => readonly { readonly name: string; readonly owner: string }[];
}

type FieldType = 'environment' | 'stage' | 'runtimeComponent' | 'tenant';

/**
 * Turns an action's input (what a template's form gives) into the fields of a
 * change request, before the core parses it. It only translates; every rule
 * stays in the core:
 *
 * - form fields left empty (`undefined`, `null`, `""` at the top level) are
 *   dropped, so the request's own defaults apply when parseRequest runs;
 * - catalog entity refs from EntityPicker become names: `resource:default/env-prod-eu`
 *   -> `prod-eu` in env fields, `resource:default/stage-prod` -> `prod` in stage
 *   fields, `resource:default/component-ingress-nginx` -> `ingress-nginx` in
 *   `service` and `dependsOn` (runtime services); an entity of another type
 *   is InvalidRequest naming the field;
 * - a target (the kind's target fields, RequestKindSpec.targetFields:
 *   `targets`, PromoteApp's `from` and `to`, Rollback's `target`) may be given as just the entity ref of a stage or
 *   environment (what EntityPicker and MultiEntityPicker give):
 *   `resource:default/stage-prod` -> `{ stage: prod }`,
 *   `resource:default/env-prod-eu` -> `{ env: prod-eu }`; or as the CLI names
 *   one (`platter promote --to`) and Platter's own pickers write it
 *   (PlatterEntityPicker of stages and envs): `stage:prod`, `env:prod-eu`;
 * - an owner ref from OwnerPicker in a tenant field (`group:default/team-a`)
 *   becomes the tenant that group owns in platter.yaml, by the model's one
 *   group -> tenant rule (tenantsOwnedBy; resolveActor reads it too):
 *   UnknownTenant when it owns none, InvalidRequest when it owns several (a
 *   repository checkTenants reports).
 *
 * Plain names pass through unchanged. Which fields hold what: the field name
 * where it means the same in every request schema (`stage`, `stages`, `env`,
 * `service`, `dependsOn`, `tenant`); by the kind's spec for targets and for
 * `name` where a kind names an existing env, tenant or stage (RequestKindSpec.nameRefers:
 * DeleteEnvironment, OffboardTenant, DeleteStage), and the kind's other stage
 * fields (RequestKindSpec.stageFields: CreateStage's `after`, `promotesFrom`, `promotesTo`).
 * Nested values (Helm values, config data) are never touched.
 */
export function normalizeInput(
  kind: RequestKind,
  input: Readonly<Record<string, unknown>>,
  ctx: NormalizeContext,
): Record<string, unknown> {
  if (input.kind !== undefined && input.kind !== kind) {
    throw new PlatterError(
      'InvalidRequest',
      `kind: this action plans ${kind} requests, not ${JSON.stringify(input.kind)}`,
      'kind',
    );
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '' || key === 'kind') continue;
    out[key] = value;
  }
  const name = (type: FieldType, value: unknown, path: string): unknown =>
    type === 'tenant' ? tenantName(value, path, ctx) : entityName(type, value, path);

  if (out.stage !== undefined) out.stage = name('stage', out.stage, 'stage');
  if (out.env !== undefined) out.env = name('environment', out.env, 'env');
  if (out.service !== undefined) out.service = name('runtimeComponent', out.service, 'service');
  if (out.tenant !== undefined) out.tenant = name('tenant', out.tenant, 'tenant');
  if (Array.isArray(out.stages)) out.stages = out.stages.map((s, i) => name('stage', s, `stages.${i}`));
  if (Array.isArray(out.dependsOn))
    out.dependsOn = out.dependsOn.map((s, i) => name('runtimeComponent', s, `dependsOn.${i}`));
  const spec = specOf(kind);
  if (spec.nameRefers && out.name !== undefined) out.name = name(spec.nameRefers, out.name, 'name');
  for (const field of spec.stageFields ?? []) {
    const v = out[field];
    if (Array.isArray(v)) out[field] = v.map((s, i) => name('stage', s, `${field}.${i}`));
    else if (v !== undefined) out[field] = name('stage', v, field);
  }

  const target = (t: unknown, path: string): unknown => {
    if (typeof t === 'string') return targetOfFormValue(t, path);
    if (!isRecord(t)) return t;
    const r: Record<string, unknown> = { ...t };
    for (const k of Object.keys(r)) if (r[k] === undefined || r[k] === null || r[k] === '') delete r[k];
    if (r.stage !== undefined) r.stage = name('stage', r.stage, `${path}.stage`);
    if (r.env !== undefined) r.env = name('environment', r.env, `${path}.env`);
    return r;
  };
  for (const field of spec.targetFields) {
    const v = out[field];
    if (Array.isArray(v)) out[field] = v.map((t, i) => target(t, `${field}.${i}`));
    else if (v !== undefined) out[field] = target(v, field);
  }
  return { kind, ...out };
}

/**
 * What a form's stage-or-environment field holds -> the target it names: `stage:<name>` / `env:<name>` (as the
 * CLI and PlatterEntityPicker name them) or a stage or environment entity ref. One rule for the actions and for
 * the routes that read a form's target (the cloud class form's limits).
 */
export function targetOfFormValue(value: string, path: string): Target {
  const named = /^(stage|env):([^:/]+)$/.exec(value);
  if (named) return named[1] === 'stage' ? { stage: named[2]! } : { env: named[2]! };
  if (value.includes(':')) {
    const name = (() => {
      try {
        return parseEntityRef(value).name;
      } catch {
        return '';
      }
    })();
    if (name.startsWith(platterEntityName.stage(''))) return { stage: entityName('stage', value, path) as string };
    if (name.startsWith(platterEntityName.environment('')))
      return { env: entityName('environment', value, path) as string };
  }
  throw new PlatterError(
    'InvalidRequest',
    `${path}: "${value}" is not a stage or environment entity (give { stage: <name> }, { env: <name> }, stage:<name>, env:<name>, resource:default/stage-<name> or resource:default/env-<name>)`,
    path,
  );
}

const LABEL: Record<Exclude<FieldType, 'tenant'>, string> = {
  environment: 'environment',
  stage: 'stage',
  runtimeComponent: 'runtime component',
};

/** A Platter catalog entity ref -> the Platter name; anything without `:` is a name already. */
function entityName(type: Exclude<FieldType, 'tenant'>, value: unknown, path: string): unknown {
  if (typeof value !== 'string' || !value.includes(':')) return value;
  const prefix = platterEntityName[type]('');
  const expected = `resource:default/${prefix}<name>`;
  let ref: { kind: string; name: string };
  try {
    ref = parseEntityRef(value);
  } catch {
    throw new PlatterError(
      'InvalidRequest',
      `${path}: "${value}" is not an entity ref (expected a ${LABEL[type]} name or ${expected})`,
      path,
    );
  }
  if (
    ref.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    !ref.name.startsWith(prefix) ||
    ref.name.length === prefix.length
  ) {
    throw new PlatterError(
      'InvalidRequest',
      `${path}: "${value}" is not a Platter ${LABEL[type]} entity (expected ${expected})`,
      path,
    );
  }
  return ref.name.slice(prefix.length);
}

/** An owner ref (OwnerPicker) -> the tenant it owns; a plain name is a tenant name already. */
function tenantName(value: unknown, path: string, ctx: NormalizeContext): unknown {
  if (typeof value !== 'string' || !value.includes(':')) return value;
  const tenants = ctx.tenants();
  const owned = tenantsOwnedBy(tenants, [value]);
  if (owned.length === 1) return owned[0]!.name;
  if (owned.length > 1) {
    throw new PlatterError(
      'InvalidRequest',
      `${path}: ${value} owns several tenants (${owned.map((t) => t.name).join(', ')}), which platter.yaml may not say (a group owns one tenant): give the tenant's name`,
      path,
    );
  }
  throw new PlatterError(
    'UnknownTenant',
    `${path}: no tenant is owned by ${value} (tenants: ${known(tenants.map((t) => `${t.name} (${t.owner})`))})`,
    path,
  );
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
