import type { PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { createTemplateAction, type TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatDiagnostic,
  parseRequest,
  PlatterError,
  REQUEST_SCHEMAS,
  specOf,
  type ChangeRequest,
  type Fleet,
  type RequestKind,
} from '@platter/model';
import { plan as planRequest, RepositoryReader, toYaml, type Plan } from '@platter/render';
import { checkCampaignSoak, sealRequest, type CampaignHistory } from '@platter/gitops-repo';
import { permissionsToPlan } from '@platter/plugin-platter-common';
import {
  normalizeInput,
  resolveActor,
  toBackstageError,
  type PlatterRepositoryService,
} from '@platter/plugin-platter-node';
import type { z as zod, AnyZodObject, ZodArray, ZodOptional, ZodType, ZodTypeAny } from 'zod/v3';
import { PLATTER_ACTION_IDS, PLATTER_PUBLISH_ACTION_ID } from './actionIds';
import { authorize, readTaskIdentity, type TaskUser } from './actor';
import { PLATTER_ACTION_EXAMPLES } from './createPlatterAction.examples';
import { secretRefSchema, secretsMappingSchema, withSecretValues, type SecretsMapping } from './secrets';
import { PROCESS_TASK_PLANS, type TaskPlans } from './taskPlans';
import { PLAN_FILE, writePlanFiles } from './workspace';

/** What createPlatterAction takes. */
export interface PlatterActionDeps {
  readonly repository: PlatterRepositoryService;
  readonly permissions: PermissionsService;
  readonly userInfo?: UserInfoService;
  /** The clock for lifecycle rules. @default the current time */
  readonly now?: () => Date;
  /** Where the plan is kept for platter:publish of the same task. @default one store for the whole process */
  readonly plans?: TaskPlans;
  /**
   * The repository's history (RepositoryHistory), for an upgrade campaign's soak
   * (gitops-repo's checkCampaignSoak). @default none: a campaign wave is planned without the soak check
   */
  readonly history?: CampaignHistory;
}

/** The action's input schema: the request schema without `kind`, secret values replaced by references. */
export function platterInputSchema(kind: RequestKind, z: typeof zod): AnyZodObject {
  let schema = (REQUEST_SCHEMAS[kind] as unknown as AnyZodObject).omit({ kind: true });
  // A target may also be a stage or environment entity ref, as pickers give it (normalizeInput.ts).
  const ref = z
    .string()
    .describe('A stage or environment entity ref: resource:default/stage-<name> or resource:default/env-<name>');
  const widened: Record<string, ZodTypeAny> = {};
  const spec = specOf(kind);
  for (const [field, type] of Object.entries(schema.shape as Record<string, ZodTypeAny>)) {
    if (!spec.targetFields.includes(field)) continue;
    const optional = type.isOptional();
    const inner = optional ? (type as ZodOptional<ZodTypeAny>).unwrap() : type;
    // By type name, not instanceof: the schemas may come from another copy of zod than `z`.
    const either =
      inner._def.typeName === 'ZodArray'
        ? z.array(z.union([(inner as ZodArray<ZodTypeAny>).element, ref]))
        : z.union([inner, ref]);
    widened[field] = (optional ? either.optional() : either).describe(inner.description ?? `${field}: targets`);
  }
  schema = schema.extend(widened);
  const field = spec.secrets?.field;
  if (field === 'secrets') schema = schema.omit({ secrets: true });
  if (field === 'secret') schema = schema.extend({ secret: secretRefSchema(z) });
  if (field) schema = schema.extend({ secrets: secretsMappingSchema(z).optional() });
  return schema.describe(`A ${kind} request (schema from @platter/model) without its kind`);
}

/** What every planning action outputs. */
export const platterPlanOutputSchema = (z: typeof zod) =>
  z.object({
    plan: z
      .object({
        title: z.string(),
        requestHash: z.string(),
        request: z.record(z.string(), z.unknown()).describe('The request, redacted: secrets by key name only'),
        baseCommit: z.string().optional().describe('The commit the plan was made on'),
        changes: z.array(z.object({ path: z.string(), op: z.enum(['add', 'modify', 'delete']) })),
        affected: z.object({ stages: z.array(z.string()), environments: z.array(z.string()) }),
        needsSecrets: z.array(z.object({ env: z.string(), secret: z.string(), key: z.string() })),
        review: z.enum(['direct', 'platform-review']),
        diagnostics: z.array(
          z.object({ code: z.string(), severity: z.string(), message: z.string(), path: z.string().optional() }),
        ),
        renderedDiff: z
          .object({ groups: z.array(z.record(z.string(), z.unknown())), unchanged: z.array(z.string()) })
          .optional()
          .describe(
            'What Flux applies differently per env, envs with the same change grouped, with danger findings (Secret values never shown)',
          ),
      })
      .describe(`The plan without file contents (those are in ${PLAN_FILE} and platter/changes/ of the workspace)`),
    changedFiles: z
      .array(z.object({ path: z.string(), op: z.enum(['add', 'modify', 'delete']) }))
      .describe('Repository paths the request changes'),
    diff: z.string().describe('Unified diff of every change (secrets appear encrypted only)'),
    affectedEnvironments: z.array(z.string()).describe('Environments whose build changes'),
    review: z
      .enum(['direct', 'platform-review'])
      .describe('direct: may be committed directly; platform-review: needs a pull request'),
  });

/** A schema in the scaffolder's function form (it converts it with zod-to-json-schema). */
export type SchemaFn = (z: typeof zod) => ZodType<JsonObject>;

/**
 * The scaffolder action of one request kind (DESIGN §4), the same factory for
 * every kind of REQUEST_SCHEMAS. Read-only on the repository (so `supportsDryRun`
 * changes nothing): it
 *
 * 1. checks that the task's user may plan (permissionsToPlan: platterPlanPermission,
 *    and platterPlatformPermission for kinds whose audience is the platform);
 * 2. reads a fresh snapshot of the GitOps repository (the shared mirror);
 * 3. resolves the user to a Platter actor (actor.ts, platter-node's resolveActor);
 * 4. turns the input into the request (requestOf: picker refs -> names,
 *    secret values from the task's secrets only, then the action's one
 *    parseRequest: the runtime validates JSON Schema only, zod defaults apply
 *    here), refuses an upgrade campaign's wave that still soaks (gitops-repo's checkCampaignSoak),
 *    seals its secrets and plans it on the snapshot;
 * 5. keeps the actor and the plan for platter:publish of this task (taskPlans.ts),
 *    writes platter/plan.json, platter/request.json and the changed files
 *    (workspace.ts) and outputs plan, changedFiles, diff, affectedEnvironments,
 *    review.
 *
 * Rejections are the core's typed errors mapped by toBackstageError (InputError
 * naming the code and field, NotAllowedError for Forbidden); other failures pass
 * through unchanged.
 */
export function createPlatterAction(kind: RequestKind, deps: PlatterActionDeps): TemplateAction<any, any, any> {
  const example = PLATTER_ACTION_EXAMPLES[kind];
  const id = PLATTER_ACTION_IDS[kind];
  const input: SchemaFn = (z) => platterInputSchema(kind, z) as unknown as ZodType<JsonObject>;
  const output: SchemaFn = (z) => platterPlanOutputSchema(z) as unknown as ZodType<JsonObject>;
  return createTemplateAction<SchemaFn, SchemaFn>({
    id,
    description:
      `Plans a ${kind} change request on the GitOps repository as the task's user (read-only): writes ${PLAN_FILE}, ` +
      `the changed files under platter/changes/ and outputs the diff and review path. Land it with ${PLATTER_PUBLISH_ACTION_ID}.`,
    examples: [
      {
        description: example.description,
        example: toYaml({ steps: [{ id: 'plan', name: example.description, action: id, input: example.input }] }),
      },
    ],
    supportsDryRun: true,
    schema: { input, output },
    async handler(ctx) {
      try {
        const { secrets: mapping, ...fields } = ctx.input as Record<string, unknown>;
        const { credentials, identity } = await readTaskIdentity(ctx as TaskUser, deps);
        await authorize(deps, credentials, identity.userEntityRef, permissionsToPlan(kind), `plan ${kind} requests`);

        const snapshot = await deps.repository.mirror.snapshot({ fresh: true });
        // The commit as this backend parsed it once (the preview's and the catalog's), when the service shares it.
        const base = deps.repository.bases?.of(snapshot);
        const reader = base?.reader ?? new RepositoryReader(snapshot.tree);
        const fleet = fleetOf(reader, deps.repository.mirror.displayUrl);
        const actor = resolveActor(fleet, identity);
        const request = requestOf(kind, fields, {
          fleet,
          mapping: mapping as SecretsMapping | undefined,
          taskSecrets: ctx.secrets,
          taskId: ctx.task.id,
        });
        const now = deps.now?.() ?? new Date();
        await checkCampaignSoak(deps.history, snapshot, () => reader.fleet(), request, now);
        const sealed = await sealRequest(snapshot.tree, request, { now, reader });
        const plan = planRequest(snapshot.tree, sealed, {
          actor,
          now,
          baseCommit: snapshot.commit,
          ...(base ? { base } : {}),
        });

        (deps.plans ?? PROCESS_TASK_PLANS).remember(ctx.task.id, {
          remote: deps.repository.config.repository.url,
          userEntityRef: identity.userEntityRef,
          actor,
          plan,
        });
        await writePlanFiles(ctx.workspacePath, plan, sealed);
        ctx.logger.info(
          `${plan.title} as ${actor.kind === 'tenant' ? `tenant "${actor.tenant}"` : 'platform'} (${identity.userEntityRef}) on ${snapshot.commit.slice(0, 12)}: ` +
            `${plan.changes.length} files, review ${plan.review}`,
        );
        for (const d of plan.diagnostics) ctx.logger.warn(formatDiagnostic(d));
        for (const [name, value] of Object.entries(planOutputs(plan))) ctx.output(name, value as never);
      } catch (e) {
        throw toBackstageError(e);
      }
    },
  });
}

/**
 * The action's input as a request of `kind`, parsed once: picker refs become
 * names (normalizeInput), secret values come from the task's secrets
 * (withSecretValues), and a request without an id is this task's submission
 * (DESIGN §6: one task is one submission, so platter:publish lands it once).
 */
export function requestOf(
  kind: RequestKind,
  fields: Record<string, unknown>,
  from: {
    readonly fleet: Fleet;
    readonly mapping: SecretsMapping | undefined;
    readonly taskSecrets: Readonly<Record<string, string>> | undefined;
    readonly taskId: string;
  },
): ChangeRequest {
  const input = withSecretValues(
    kind,
    normalizeInput(kind, fields, { tenants: () => from.fleet.tenants }),
    from.mapping,
    from.taskSecrets,
  );
  return withTaskId(parseRequest(input), from.taskId);
}

/** The request with the task's id as its `requestId`, unless it carries one. */
export const withTaskId = (request: ChangeRequest, taskId: string): ChangeRequest =>
  request.requestId === undefined ? { ...request, requestId: `task-${taskId}` } : request;

/** The outputs of a plan (file contents stay in the workspace: task outputs are stored with the task). */
export function planOutputs(plan: Plan) {
  const changedFiles = plan.changes.map((c) => ({ path: c.path, op: c.op }));
  return {
    plan: {
      title: plan.title,
      requestHash: plan.requestHash,
      request: plan.request,
      ...(plan.baseCommit ? { baseCommit: plan.baseCommit } : {}),
      changes: changedFiles,
      affected: plan.affected,
      needsSecrets: plan.needsSecrets,
      review: plan.review,
      diagnostics: plan.diagnostics,
      ...(plan.renderedDiff ? { renderedDiff: plan.renderedDiff } : {}),
    },
    changedFiles,
    diff: plan.diff,
    affectedEnvironments: plan.affected.environments,
    review: plan.review,
  };
}

/** The fleet the actor and picker refs are resolved against: settings, stages, menu and tenants (no envs or apps). */
export function fleetOf(reader: RepositoryReader, shown: string): Fleet {
  const fleet = reader.partialFleet({ environments: [], apps: [] });
  if (!fleet)
    throw new PlatterError(
      'MissingFile',
      `${shown} has no readable platter.yaml: it is not a Platter repository`,
      'platter.yaml',
    );
  return fleet;
}
