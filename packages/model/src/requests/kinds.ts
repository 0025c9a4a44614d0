import { z } from 'zod/v3';
import { addComponentToStageSpec } from './addComponentToStage';
import { addRuntimeServiceSpec } from './addRuntimeService';
import { createEnvironmentSpec } from './createEnvironment';
import { createStageSpec } from './createStage';
import { deleteEnvironmentSpec } from './deleteEnvironment';
import { deleteStageSpec } from './deleteStage';
import { deprecateComponentVersionSpec } from './deprecateComponentVersion';
import { disableAddonSpec } from './disableAddon';
import { enableAddonSpec } from './enableAddon';
import { offboardAppSpec } from './offboardApp';
import { offboardTenantSpec } from './offboardTenant';
import { onboardAppSpec } from './onboardApp';
import { onboardTenantSpec } from './onboardTenant';
import { promoteAppSpec } from './promoteApp';
import { releaseComponentVersionSpec } from './releaseComponentVersion';
import { removeComponentFromStageSpec } from './removeComponentFromStage';
import { removeComponentVersionSpec } from './removeComponentVersion';
import { rollbackSpec } from './rollback';
import { setConfigSpec } from './setConfig';
import { setSecretSpec } from './setSecret';
import { upgradeComponentSpec } from './upgradeComponent';
import { upgradeCampaignSpec } from './upgradeCampaign';
import { addCloudResourceSpec } from './addCloudResource';
import { removeCloudResourceSpec } from './removeCloudResource';
import type { Diagnostic } from '../errors';
import type { RequestAudience, SecretsLens } from './spec';

/**
 * Every change request kind (DESIGN §3), one spec each: the one list. The
 * union type, the schema by kind and everything the edges derive per kind
 * (action ids, permissions, target fields, secrets) are reads of it. Adding a
 * kind = its module + one line here + its planner (render's `plan/planners.ts`,
 * a compile error until it is there).
 */
export const REQUEST_KIND_SPECS = [
  createEnvironmentSpec,
  deleteEnvironmentSpec,
  createStageSpec,
  deleteStageSpec,
  onboardTenantSpec,
  offboardTenantSpec,
  onboardAppSpec,
  offboardAppSpec,
  enableAddonSpec,
  disableAddonSpec,
  addComponentToStageSpec,
  removeComponentFromStageSpec,
  promoteAppSpec,
  rollbackSpec,
  setConfigSpec,
  setSecretSpec,
  addRuntimeServiceSpec,
  releaseComponentVersionSpec,
  deprecateComponentVersionSpec,
  removeComponentVersionSpec,
  upgradeComponentSpec,
  upgradeCampaignSpec,
  addCloudResourceSpec,
  removeCloudResourceSpec,
] as const;

type Specs = typeof REQUEST_KIND_SPECS;
type SpecOfKind = { [I in keyof Specs & `${number}` as Specs[I]['kind']]: Specs[I] };

export type RequestKind = Specs[number]['kind'];
/** The spec of one kind, with its schema's exact type. */
export type RequestKindSpecOf<K extends RequestKind> = SpecOfKind[K];

/** Schema by kind (what the CLI, the actions' input schemas and the template docs read). */
export const REQUEST_SCHEMAS = Object.fromEntries(REQUEST_KIND_SPECS.map((s) => [s.kind, s.schema])) as {
  readonly [K in RequestKind]: SpecOfKind[K]['schema'];
};
export const REQUEST_KINDS: RequestKind[] = REQUEST_KIND_SPECS.map((s) => s.kind);

/** A request of one kind, after parsing (defaults applied). */
export type RequestOf<K extends RequestKind> = z.output<SpecOfKind[K]['schema']>;
/** A request of one kind as a user writes it (defaults optional). */
export type RequestInputOf<K extends RequestKind> = z.input<SpecOfKind[K]['schema']>;

type SchemaOf<T> = T extends { readonly schema: infer S } ? S : never;
// A homomorphic mapping (over a type parameter) keeps the tuple a tuple.
type SchemasOf<T extends readonly unknown[]> = { -readonly [I in keyof T]: SchemaOf<T[I]> };
type Schemas = SchemasOf<Specs>;
export const changeRequestSchema = z.discriminatedUnion(
  'kind',
  REQUEST_KIND_SPECS.map((s) => s.schema) as unknown as Schemas,
);

/** A parsed change request: the union of every kind's request. */
export type ChangeRequest = z.output<typeof changeRequestSchema>;
export type ChangeRequestInput = z.input<typeof changeRequestSchema>;

/**
 * A spec read without knowing its kind: its functions take any request (the
 * caller hands each spec only requests of its own kind).
 */
export interface AnyRequestKindSpec {
  readonly kind: RequestKind;
  readonly schema: z.AnyZodObject;
  readonly check?: (request: ChangeRequest) => Diagnostic[];
  readonly audience: RequestAudience;
  readonly noun: string;
  readonly verb: string;
  readonly command: string;
  readonly targetFields: readonly string[];
  readonly nameRefers?: 'environment' | 'tenant' | 'stage';
  readonly stageFields?: readonly string[];
  readonly subject: (request: ChangeRequest) => string;
  readonly describe: (request: ChangeRequest) => string;
  readonly secrets?: SecretsLens<ChangeRequest>;
}

const BY_KIND: ReadonlyMap<string, AnyRequestKindSpec> = new Map(
  REQUEST_KIND_SPECS.map((s) => [s.kind, s as unknown as AnyRequestKindSpec]),
);

/** Whether `kind` names a request kind. */
export const isRequestKind = (kind: unknown): kind is RequestKind => typeof kind === 'string' && BY_KIND.has(kind);

/** The spec of a kind (of a request: `specOf(request.kind).describe(request)`). */
export function specOf(kind: RequestKind): AnyRequestKindSpec {
  const spec = BY_KIND.get(kind);
  if (!spec) throw new TypeError(`internal: ${JSON.stringify(kind)} is not a request kind`);
  return spec;
}
